// "Lấy lại mã bảo mật" without reloading the page: ask the captcha handler
// for a new challenge (it redirects to the new image), show it and put its
// id in the form, so what the reader typed stays. Without JavaScript the
// button submits the form instead.
(function () {
  "use strict";
  var n = 0;
  document.querySelectorAll("[data-captcha-reload]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var img = document.getElementById(button.getAttribute("data-captcha-reload"));
      var field = button.form && button.form.elements.namedItem("captcha_id");
      if (!img || !field || !window.fetch) { return; }
      event.preventDefault();
      n++;
      fetch("/captcha/" + encodeURIComponent(field.value) + ".png?reload=1&t=" + n, {cache: "no-store"})
        .then(function (res) {
          var m = /\/captcha\/([A-Za-z0-9_-]+)\.png$/.exec(new URL(res.url).pathname);
          if (!res.ok || !m) { throw new Error("captcha reload: " + res.status); }
          field.value = m[1];
          img.setAttribute("data-id", m[1]);
          img.src = "/captcha/" + m[1] + ".png"; // the same image again: an id always draws the same
          var audio = button.form.querySelector(".captcha-audio");
          if (audio) { audio.href = "/captcha/" + m[1] + ".wav"; }
        })
        .catch(function () { button.form.requestSubmit(button); });
      var answer = document.getElementById("captcha");
      if (answer) { answer.value = ""; answer.focus(); }
    });
  });
})();
