// Widgets that move on the static site: each range input picks one of the widget's precomputed
// frames (images the library drew when the book was built; assetalloc.static_frames writes them).
// Only the first frame loads with the page; the others load on the first focus or touch of a
// control. No request of its own, no inline handler: it works from file:// and under a strict
// content security policy. Added only to pages that have frames.
(function () {
  "use strict";

  function setUp(widget) {
    const inputs = Array.from(widget.querySelectorAll("input.assetalloc-frames-input"));
    const frames = Array.from(widget.querySelectorAll("img.assetalloc-frame"));
    const texts = inputs.map((input) => JSON.parse(input.dataset.texts));
    let shown = frames.find((img) => img.classList.contains("assetalloc-frame-shown"));
    let wanted = shown;

    function loadAll() {
      frames.forEach((img) => { img.loading = "eager"; });
    }

    function swap(img) {
      if (img !== wanted || img === shown) { return; }
      shown.classList.remove("assetalloc-frame-shown");
      img.classList.add("assetalloc-frame-shown");
      shown = img;
    }

    function update() {
      const index = inputs.reduce((sum, input) => sum + Number(input.value) * Number(input.dataset.stride), 0);
      inputs.forEach((input, i) => {
        const text = texts[i][Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        input.parentElement.querySelector(".assetalloc-frames-value").textContent = text;
      });
      wanted = frames[index];
      wanted.loading = "eager";
      // Keep the picture shown until the new one is ready, so that it never blinks.
      if (wanted.complete && wanted.naturalWidth > 0) {
        swap(wanted);
      } else {
        const img = wanted;
        img.decode().then(() => swap(img), () => swap(img));
      }
    }

    inputs.forEach((input) => {
      input.addEventListener("input", update);
      ["focus", "pointerdown", "touchstart"].forEach((type) => {
        input.addEventListener(type, loadAll, {once: true, passive: true});
      });
    });
    widget.querySelector(".assetalloc-frames-controls").hidden = false;
  }

  function start() {
    document.querySelectorAll(".assetalloc-frames").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
