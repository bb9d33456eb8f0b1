// Render every chart spec on the page (specs are JSON data blocks next to their target element).
document.querySelectorAll('script[type="application/json"][id^="spec-"]').forEach(function (el) {
  var target = document.getElementById(el.id.replace("spec-", "chart-"));
  if (!target || !window.vegaEmbed) return;
  vegaEmbed(target, JSON.parse(el.textContent), {actions: false, renderer: "svg"}).catch(function (err) {
    target.textContent = "chart unavailable: " + err;
  });
});
