// Progressive enhancement for the OTP Guard code page: asks the realm's otp-guard resource where the code is
// ("sending", "sent", "delivered", or why it did not arrive) and switches the status line in the page's language.
// Without JavaScript the "Check again" button asks the server the same. When the code could not be sent, the
// script presses that button itself: the server then drops the dead code and offers a new one at once. Served
// from the theme, so it passes Keycloak's CSP; the endpoint is same-origin and answers with the status only.
(function () {
  "use strict";
  var box = document.getElementById("otp-guard-delivery");
  var line = document.getElementById("otp-guard-delivery-status");
  if (!box || !line || !box.dataset.statusUrl || !window.fetch) {
    return;
  }
  var last = (box.dataset.lastStatuses || "").split(" ");
  var check = document.getElementById("otp-guard-check-form");
  var status = box.dataset.status;
  var tries = 0;
  // a status line that grew when its text changed would move the code field and the Confirm button under a
  // finger already on its way: the line keeps the height of its tallest text from the start, and again after a
  // resize. Measured on a hidden copy, so the live region announces nothing while measuring.
  var reserve = function () {
    var probe = document.createElement("p");
    probe.setAttribute("aria-hidden", "true");
    probe.style.position = "absolute";
    probe.style.visibility = "hidden";
    probe.style.margin = "0";
    probe.style.width = line.getBoundingClientRect().width + "px";
    box.appendChild(probe);
    var tallest = 0;
    Object.keys(box.dataset).forEach(function (key) {
      if (/^text[A-Z]/.test(key)) {
        probe.textContent = box.dataset[key];
        tallest = Math.max(tallest, probe.getBoundingClientRect().height);
      }
    });
    box.removeChild(probe);
    line.style.minHeight = tallest > 0 ? Math.ceil(tallest) + "px" : "";
  };
  reserve();
  window.addEventListener("resize", reserve);
  // the code leaves right after the page was sent: soon at first, then every 3 seconds for about a minute, then
  // every 10 seconds, for at most the code's lifetime
  var until = Date.now() + 1000 * (parseInt(box.dataset.lifetimeSeconds, 10) || 300);
  var done = function () {
    return last.indexOf(status) >= 0 || Date.now() > until;
  };
  var show = function (next) {
    var text = box.dataset["text" + next.replace(/(^|-)([a-z])/g, function (m, dash, c) {
      return c.toUpperCase();
    })];
    if (!text || next === status) {
      return;
    }
    status = next;
    box.dataset.status = next;
    line.textContent = text;
    if (next === "not-sent" && check) {
      check.submit();
    } else if (done() && check) {
      // the theme's form class sets a display of its own, which would win over the hidden attribute alone
      check.hidden = true;
      check.style.display = "none";
    }
  };
  var pause = function () {
    return tries < 5 ? 1000 : tries < 25 ? 3000 : 10000;
  };
  var ask = function () {
    if (done()) {
      return;
    }
    tries += 1;
    window.fetch(box.dataset.statusUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (response.status === 404) {
          until = 0;
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (body && typeof body.status === "string") {
          show(body.status);
        }
      })
      .catch(function () {
      })
      .then(function () {
        if (!done()) {
          window.setTimeout(ask, pause());
        }
      });
  };
  window.setTimeout(ask, 500);
})();
