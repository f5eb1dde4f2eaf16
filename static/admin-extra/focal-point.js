// Click the hero image preview in the article form to set its focal point.
// Progressive enhancement: without JavaScript the two percentage fields work as they are.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const preview = document.querySelector(".field-hero_preview img");
  const across = document.getElementById("id_hero_focal_x");
  const down = document.getElementById("id_hero_focal_y");
  if (!preview || !across || !down) {
    return;
  }
  const frame = document.createElement("span");
  frame.className = "focal-frame";
  preview.replaceWith(frame);
  frame.append(preview);
  const marker = document.createElement("span");
  marker.className = "focal-marker";
  frame.append(marker);
  const percent = (input) => (input.value === "" ? 50 : Number(input.value));
  const show = () => {
    marker.style.left = `${percent(across)}%`;
    marker.style.top = `${percent(down)}%`;
  };
  preview.title = "Click the subject of the image to set the focal point";
  preview.addEventListener("click", (event) => {
    const box = preview.getBoundingClientRect();
    across.value = Math.round(((event.clientX - box.left) / box.width) * 100);
    down.value = Math.round(((event.clientY - box.top) / box.height) * 100);
    show();
  });
  across.addEventListener("input", show);
  down.addEventListener("input", show);
  show();
});
