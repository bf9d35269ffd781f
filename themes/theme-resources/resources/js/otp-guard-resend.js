// Progressive enhancement for the OTP Guard code page: counts the resend cooldown down and keeps the
// resend button disabled until the server will accept it. Without JavaScript the server still refuses
// early resends and says how long to wait. Served from the theme, so it passes Keycloak's CSP.
(function () {
  "use strict";
  var hint = document.getElementById("otp-guard-resend-hint");
  var button = document.getElementById("otp-guard-resend");
  if (!hint || !button || !hint.dataset.waitSeconds) {
    return;
  }
  var left = parseInt(hint.dataset.waitSeconds, 10);
  if (!(left > 0)) {
    return;
  }
  var template = hint.dataset.template || "";
  button.disabled = true;
  var render = function () {
    if (left <= 0) {
      hint.textContent = hint.dataset.ready;
    } else if (left === 1 && hint.dataset.templateOne) {
      hint.textContent = hint.dataset.templateOne;
    } else {
      hint.textContent = template.replace("{0}", String(left));
    }
  };
  render();
  var timer = window.setInterval(function () {
    left -= 1;
    if (left <= 0) {
      window.clearInterval(timer);
      button.disabled = false;
    }
    render();
  }, 1000);
})();
