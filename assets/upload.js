/* The import page's upload: send the chosen file to /import/upload with real progress
   (a Dash callback could not show it), then hand its id to the page (import-uploaded). */
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )_csrf_token=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Words in the page's language (dashboard.ui.browser_text), English until they arrive.
  function say(name, english) {
    return (window.dashboardText && window.dashboardText[name]) || english;
  }

  function report(data) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("import-uploaded", {data: data});
    }
  }

  // Dash renders the page after this script runs: put the file input in its slot when it appears.
  function addInput() {
    var slot = document.getElementById("import-file-slot");
    if (slot && !slot.querySelector("input")) {
      var input = document.createElement("input");
      input.type = "file";
      input.id = "import-file";
      input.className = "form-control";
      input.accept = ".csv,.txt,.xlsx";
      input.setAttribute("data-upload-url", slot.getAttribute("data-upload-url"));
      slot.appendChild(input);
    }
  }
  new MutationObserver(addInput).observe(document.documentElement, {childList: true, subtree: true});

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.id !== "import-file" || !input.files || !input.files.length) {
      return;
    }
    var file = input.files[0];
    var bar = document.getElementById("import-progress");
    var status = document.getElementById("import-upload-status");
    var request = new XMLHttpRequest();
    var form = new FormData();
    form.append("file", file);
    bar.classList.remove("d-none");
    bar.value = 0;
    status.textContent = file.name + " …";
    request.open("POST", input.getAttribute("data-upload-url"));
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
      }
    };
    request.onload = function () {
      var body = {};
      try { body = JSON.parse(request.responseText); } catch (ignored) { body = {}; }
      if (request.status === 200 && body.upload) {
        bar.value = 100;
        status.textContent = body.name + " ✓";
        report(body);
      } else {
        bar.classList.add("d-none");
        status.textContent = (body.code && say("upload-" + body.code, "")) || body.error ||
          (request.status === 413 ? say("upload-too-large", "The file is too large.")
                                  : say("upload-failed", "The upload failed."));
        status.classList.add("text-danger");
        report({error: status.textContent});
      }
    };
    request.onerror = function () {
      status.textContent = say("upload-offline",
                               "The upload could not reach the server. Check the connection and try again.");
      status.classList.add("text-danger");
    };
    status.classList.remove("text-danger");
    request.send(form);
  });
}());
