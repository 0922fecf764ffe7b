// "Lấy lại mã bảo mật" without reloading the page: ask the captcha handler
// for new digits for the same challenge and swap the image, so what the
// reader typed stays. Without JavaScript the button submits the form instead.
(function () {
  "use strict";
  var n = 0;
  document.querySelectorAll("[data-captcha-reload]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var img = document.getElementById(button.getAttribute("data-captcha-reload"));
      if (!img) { return; }
      event.preventDefault();
      n++;
      img.src = "/captcha/" + encodeURIComponent(img.getAttribute("data-id")) + ".png?reload=1&t=" + n;
      var answer = document.getElementById("captcha");
      if (answer) { answer.value = ""; answer.focus(); }
    });
  });
})();
