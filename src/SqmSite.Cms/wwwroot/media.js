// The media library's enhancements: an upload queue with progress, the focal point and crop editor, file replacement
// with progress, and the media picker's library dialog. Every form also works without this script.
(function () {
  "use strict";

  function token(form) {
    var input = form.querySelector("input[name='__RequestVerificationToken']");
    return input ? input.value : "";
  }

  function formatBytes(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Sends a form body with the antiforgery token in a header; reports upload progress (0-100) and the parsed answer.
  function send(url, form, body, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("RequestVerificationToken", token(form));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(Math.round(100 * e.loaded / e.total)); };
      xhr.onload = function () {
        var data = null;
        try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (ignored) { data = null; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { resolve({ status: 0, data: null }); };
      xhr.send(body);
    });
  }

  // What went wrong, in the server's words where it gave some.
  function problemText(answer, maxLabel) {
    if (answer.status === 413) return (answer.data && answer.data.detail) || "The file is larger than the upload limit of " + maxLabel + ".";
    if (answer.status === 0) return "The upload did not reach the server. Check the connection and try again.";
    if (answer.status === 401 || answer.status === 403) return "You are signed out or may not upload. Sign in again and retry.";
    var d = answer.data;
    if (d && d.errors) {
      var messages = [];
      Object.keys(d.errors).forEach(function (k) { messages = messages.concat(d.errors[k]); });
      if (messages.length) return messages.join(" ");
    }
    return (d && (d.detail || d.title)) || "The upload failed (" + answer.status + ").";
  }

  // ------------------------------------------------------------------------------------------ upload queue

  var upload = document.getElementById("media-upload");
  if (upload) {
    var maxBytes = parseInt(upload.getAttribute("data-max-bytes"), 10);
    var maxLabel = upload.getAttribute("data-max-label");
    var folder = upload.getAttribute("data-folder") || "";
    var input = upload.querySelector("input[type=file]");
    var drop = upload.querySelector("[data-drop]");
    var queue = upload.querySelector("[data-queue]");
    var actions = upload.querySelector("[data-queue-actions]");
    var status = upload.querySelector("[data-queue-status]");
    var uploadAll = upload.querySelector("[data-upload-all]");
    var entries = [];
    var counter = 0;

    upload.querySelector("[data-fallback]").hidden = true;
    upload.classList.add("media-upload--enhanced");

    var isImage = function (file) {
      return /^image\//.test(file.type) || /\.(png|jpe?g|gif|webp)$/i.test(file.name);
    };

    var addFiles = function (files) {
      Array.prototype.forEach.call(files, function (file) {
        var id = "q" + (++counter);
        var row = el("li", "media-queue-item");
        var thumb = el("span", "media-queue-thumb");
        if (isImage(file) && window.URL) {
          var img = el("img");
          img.alt = "";
          // Whatever the browser cannot show (a renamed file) gets a plain tile; the server decides what it is.
          img.onerror = function () { thumb.innerHTML = ""; thumb.appendChild(el("span", "media-doc-icon", "?")); };
          img.src = URL.createObjectURL(file);
          thumb.appendChild(img);
        } else {
          thumb.appendChild(el("span", "media-doc-icon", "PDF"));
        }
        row.appendChild(thumb);
        var body = el("div", "media-queue-body");
        body.appendChild(el("p", "media-queue-name", file.name + " · " + formatBytes(file.size)));
        var alt = null;
        if (isImage(file)) {
          var label = el("label", null, "Alt text (required)");
          label.setAttribute("for", id + "-alt");
          alt = el("input");
          alt.id = id + "-alt";
          alt.maxLength = 500;
          alt.setAttribute("aria-describedby", id + "-msg");
          body.appendChild(label);
          body.appendChild(alt);
        }
        var progress = el("progress");
        progress.max = 100;
        progress.value = 0;
        progress.hidden = true;
        body.appendChild(progress);
        var message = el("p", "media-queue-message");
        message.id = id + "-msg";
        message.setAttribute("aria-live", "polite");
        body.appendChild(message);
        row.appendChild(body);
        var remove = el("button", "bo-icon-button", "×");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + file.name + " from the list");
        row.appendChild(remove);
        queue.appendChild(row);

        var entry = { file: file, row: row, alt: alt, progress: progress, message: message, state: "waiting" };
        if (file.size > maxBytes) {
          entry.state = "refused";
          row.classList.add("is-error");
          message.textContent = "Larger than the upload limit of " + maxLabel + "; make it smaller first.";
        }
        remove.addEventListener("click", function () {
          entries.splice(entries.indexOf(entry), 1);
          row.remove();
          refresh();
        });
        entries.push(entry);
      });
      refresh();
      var firstAlt = entries.filter(function (e) { return e.state === "waiting" && e.alt && !e.alt.value; })[0];
      if (firstAlt) firstAlt.alt.focus();
    };

    var refresh = function () {
      queue.hidden = entries.length === 0;
      actions.hidden = entries.length === 0;
      var waiting = entries.filter(function (e) { return e.state === "waiting" || e.state === "error"; }).length;
      uploadAll.disabled = waiting === 0;
      uploadAll.textContent = waiting > 1 ? "Upload all " + waiting : "Upload";
    };

    var uploadOne = function (entry) {
      if (entry.alt && !entry.alt.value.trim()) {
        entry.state = "error";
        entry.row.classList.add("is-error");
        entry.message.textContent = "Alt text is required for images: describe what the picture shows.";
        return Promise.resolve(false);
      }
      var body = new FormData();
      body.append("file", entry.file, entry.file.name);
      if (entry.alt) body.append("altText", entry.alt.value);
      if (folder) body.append("folderId", folder);
      entry.state = "uploading";
      entry.row.classList.remove("is-error");
      entry.progress.hidden = false;
      entry.message.textContent = "Uploading…";
      return send("/api/backoffice/media", upload, body, function (p) { entry.progress.value = p; }).then(function (answer) {
        entry.progress.hidden = true;
        if (answer.status === 201 && answer.data) {
          entry.state = "done";
          entry.row.classList.add("is-done");
          entry.message.textContent = "Uploaded. ";
          var link = el("a", null, "Open " + answer.data.name);
          link.href = answer.data.editUrl;
          entry.message.appendChild(link);
          if (entry.alt) entry.alt.disabled = true;
          return true;
        }
        entry.state = "error";
        entry.row.classList.add("is-error");
        entry.message.textContent = problemText(answer, maxLabel);
        return false;
      });
    };

    uploadAll.addEventListener("click", function () {
      var todo = entries.filter(function (e) { return e.state === "waiting" || e.state === "error"; });
      uploadAll.disabled = true;
      status.textContent = "Uploading " + todo.length + " file" + (todo.length === 1 ? "" : "s") + "…";
      // Two at a time: each file has its own progress bar and its own answer.
      var index = 0, ok = 0, failed = 0;
      var next = function () {
        if (index >= todo.length) return Promise.resolve();
        var entry = todo[index++];
        return uploadOne(entry).then(function (done) { if (done) ok++; else failed++; return next(); });
      };
      Promise.all([next(), next()]).then(function () {
        refresh();
        if (failed === 0 && entries.every(function (e) { return e.state === "done"; })) {
          status.textContent = ok + " uploaded. Refreshing the library…";
          window.location.reload();
        } else {
          status.textContent = ok + " uploaded, " + failed + " need attention (see the messages above). ";
          if (ok > 0) {
            var show = el("a", null, "Show the uploaded files");
            show.href = window.location.pathname;
            status.appendChild(show);
          }
          var firstError = entries.filter(function (e) { return e.state === "error"; })[0];
          if (firstError) (firstError.alt && !firstError.alt.value ? firstError.alt : firstError.row.querySelector("button")).focus();
        }
      });
    });

    upload.querySelector("[data-clear]").addEventListener("click", function () {
      entries = entries.filter(function (e) { return e.state === "uploading"; });
      Array.prototype.forEach.call(queue.querySelectorAll(".media-queue-item"), function (row) {
        if (!entries.some(function (e) { return e.row === row; })) row.remove();
      });
      status.textContent = "";
      refresh();
    });

    input.addEventListener("change", function () {
      addFiles(input.files);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("is-over"); });
    });
    drop.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
    });
    upload.addEventListener("submit", function (e) { e.preventDefault(); uploadAll.click(); });
    refresh();
  }

  // ------------------------------------------------------------------------------------------ replace a file

  Array.prototype.forEach.call(document.querySelectorAll("form[data-replace]"), function (form) {
    var fileInput = form.querySelector("input[type=file]");
    var progress = form.querySelector("[data-progress]");
    var out = form.querySelector("[data-status]");
    var max = parseInt(form.getAttribute("data-max-bytes"), 10);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = fileInput.files[0];
      if (!file) { out.textContent = "Choose a file first."; fileInput.focus(); return; }
      if (file.size > max) { out.textContent = "Larger than the upload limit of " + form.getAttribute("data-max-label") + "."; return; }
      var body = new FormData();
      body.append("file", file, file.name);
      progress.hidden = false;
      out.textContent = "Uploading…";
      send(form.getAttribute("action"), form, body, function (p) { progress.value = p; }).then(function (answer) {
        progress.hidden = true;
        if (answer.status === 200) {
          out.textContent = "Replaced. Reloading…";
          window.location.reload();
        } else {
          out.textContent = problemText(answer, form.getAttribute("data-max-label"));
        }
      });
    });
  });

  // ------------------------------------------------------------------------------------------ focal point and crops

  var stage = document.querySelector("[data-stage]");
  if (stage) {
    var W = parseFloat(stage.getAttribute("data-width"));
    var H = parseFloat(stage.getAttribute("data-height"));
    var point = stage.querySelector("[data-focal-point]");
    var box = stage.querySelector("[data-crop-box]");
    var fx = document.querySelector("[data-focal-x]");
    var fy = document.querySelector("[data-focal-y]");
    var crops = Array.prototype.slice.call(document.querySelectorAll("[data-crop]"));
    var shown = null, drawing = null, start = null;
    var clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)); };
    var round = function (v) { return Math.round(v * 100) / 100; };
    var num = function (input) { var v = parseFloat(input.value); return isFinite(v) ? v : NaN; };

    // The same rule as the server's CropGeometry: the largest window of the crop's shape around the focal point.
    var autoBox = function (ratio) {
      var fxv = clamp(num(fx) / 100, 0, 1), fyv = clamp(num(fy) / 100, 0, 1);
      var cw, ch;
      if (W / H > ratio) { ch = H; cw = H * ratio; } else { cw = W; ch = W / ratio; }
      var x = clamp(fxv * W - cw / 2, 0, W - cw), y = clamp(fyv * H - ch / 2, 0, H - ch);
      return [100 * x / W, 100 * y / H, 100 * cw / W, 100 * ch / H];
    };
    var boxOf = function (item) {
      if (item.querySelector("[data-crop-manual]").checked) {
        var v = ["x", "y", "w", "h"].map(function (k) { return num(item.querySelector("[data-crop-" + k + "]")); });
        if (v.every(isFinite)) return v;
      }
      return autoBox(parseFloat(item.getAttribute("data-ratio")));
    };
    var draw = function (b) {
      box.hidden = false;
      box.style.left = b[0] + "%"; box.style.top = b[1] + "%"; box.style.width = b[2] + "%"; box.style.height = b[3] + "%";
    };
    var showCrop = function (item) {
      shown = item;
      crops.forEach(function (c) { c.classList.toggle("is-shown", c === item); });
      draw(boxOf(item));
    };
    var placePoint = function () {
      point.style.left = clamp(num(fx), 0, 100) + "%";
      point.style.top = clamp(num(fy), 0, 100) + "%";
      if (shown) draw(boxOf(shown));
    };
    var at = function (e) {
      var r = stage.getBoundingClientRect();
      return [clamp(100 * (e.clientX - r.left) / r.width, 0, 100), clamp(100 * (e.clientY - r.top) / r.height, 0, 100)];
    };

    crops.forEach(function (item) {
      item.querySelector("[data-crop-actions]").hidden = false;
      item.querySelector("[data-crop-show]").addEventListener("click", function () { showCrop(item); });
      var drawButton = item.querySelector("[data-crop-draw]");
      drawButton.addEventListener("click", function () {
        var on = drawing !== item;
        drawing = on ? item : null;
        crops.forEach(function (c) { c.querySelector("[data-crop-draw]").setAttribute("aria-pressed", String(c === drawing)); });
        stage.classList.toggle("is-drawing", on);
        showCrop(item);
      });
      item.querySelector("[data-crop-manual]").addEventListener("change", function () { showCrop(item); });
      Array.prototype.forEach.call(item.querySelectorAll("details input"), function (i) {
        i.addEventListener("input", function () { if (shown === item) draw(boxOf(item)); });
      });
    });

    stage.addEventListener("pointerdown", function (e) {
      if (!drawing) return;
      e.preventDefault();
      start = at(e);
      stage.setPointerCapture(e.pointerId);
    });
    stage.addEventListener("pointermove", function (e) {
      if (!drawing || !start) return;
      var p = at(e);
      var ratio = parseFloat(drawing.getAttribute("data-ratio"));
      // Width in % of W decides; the height follows the crop's shape (in % of H).
      var w = Math.abs(p[0] - start[0]);
      var h = w * W / (ratio * H);
      if (h > Math.abs(p[1] - start[1]) && Math.abs(p[1] - start[1]) > 0) { h = Math.abs(p[1] - start[1]); w = h * ratio * H / W; }
      var x = p[0] < start[0] ? start[0] - w : start[0];
      var y = p[1] < start[1] ? start[1] - h : start[1];
      if (x < 0 || y < 0 || x + w > 100 || y + h > 100) return;
      drawing._box = [x, y, w, h];
      draw(drawing._box);
    });
    stage.addEventListener("pointerup", function (e) {
      if (!drawing) {
        var p = at(e);
        fx.value = round(p[0]);
        fy.value = round(p[1]);
        placePoint();
        return;
      }
      if (!start) return;
      start = null;
      var b = drawing._box;
      if (b && b[2] >= 2 && b[3] >= 2) {
        ["x", "y", "w", "h"].forEach(function (k, i) { drawing.querySelector("[data-crop-" + k + "]").value = round(b[i]); });
        drawing.querySelector("[data-crop-manual]").checked = true;
      }
      var done = drawing;
      drawing = null;
      stage.classList.remove("is-drawing");
      done.querySelector("[data-crop-draw]").setAttribute("aria-pressed", "false");
      showCrop(done);
    });
    [fx, fy].forEach(function (i) { i.addEventListener("input", placePoint); });
  }

  // ------------------------------------------------------------------------------------------ media picker

  var dialog = null;
  var openDialog = function (onPick) {
    if (!dialog) {
      dialog = el("dialog", "media-dialog");
      dialog.setAttribute("aria-labelledby", "media-dialog-title");
      dialog.innerHTML = '<div class="media-dialog-head"><h2 id="media-dialog-title">Choose from the media library</h2>' +
        '<button type="button" class="bo-icon-button" data-close aria-label="Close">×</button></div>' +
        '<label for="media-dialog-search">Search by name or alt text</label><input id="media-dialog-search" type="search" autocomplete="off">' +
        '<p class="bo-help" data-count role="status" aria-live="polite"></p><ul class="media-dialog-grid" role="list"></ul>';
      document.body.appendChild(dialog);
      dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
      var timer = null;
      dialog.querySelector("input").addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { load(dialog.querySelector("input").value); }, 200);
      });
    }
    var grid = dialog.querySelector("ul");
    var count = dialog.querySelector("[data-count]");
    var load = function (q) {
      fetch("/api/backoffice/media?all=true&q=" + encodeURIComponent(q || ""), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          grid.innerHTML = "";
          count.textContent = items.length ? items.length + " found" : "Nothing found. Upload files in the media library first.";
          items.forEach(function (item) {
            var li = el("li");
            var button = el("button", "media-dialog-item");
            button.type = "button";
            if (item.thumbnailUrl) {
              var img = el("img");
              img.src = item.thumbnailUrl;
              img.alt = "";
              img.loading = "lazy";
              button.appendChild(img);
            } else {
              button.appendChild(el("span", "media-doc-icon", "PDF"));
            }
            button.appendChild(el("span", "media-tile-name", item.name));
            button.addEventListener("click", function () { dialog.close(); dialog._pick(item); });
            li.appendChild(button);
            grid.appendChild(li);
          });
        });
    };
    dialog._pick = onPick;
    dialog.querySelector("input").value = "";
    load("");
    dialog.showModal();
    dialog.querySelector("input").focus();
  };

  Array.prototype.forEach.call(document.querySelectorAll("[data-media-picker]"), function (picker) {
    var select = picker.querySelector("[data-picker-select]");
    var preview = picker.querySelector("[data-picker-preview]");
    var altOut = picker.querySelector("[data-picker-alt]");
    var browse = picker.querySelector("[data-picker-browse]");
    var clear = picker.querySelector("[data-picker-clear]");
    var update = function () {
      var option = select.options[select.selectedIndex];
      preview.innerHTML = "";
      if (!option || !option.value) {
        preview.appendChild(el("span", "media-picker-empty", "Nothing chosen"));
        altOut.textContent = "";
      } else if (option.getAttribute("data-thumb")) {
        var img = el("img");
        img.src = option.getAttribute("data-thumb");
        img.alt = "";
        preview.appendChild(img);
        altOut.textContent = "Alt text: " + (option.getAttribute("data-alt") || "");
      } else {
        preview.appendChild(el("span", "media-doc-icon", "PDF"));
        altOut.textContent = "";
      }
      clear.hidden = !select.value;
    };
    browse.hidden = !window.HTMLDialogElement;
    browse.addEventListener("click", function () {
      openDialog(function (item) {
        var option = Array.prototype.filter.call(select.options, function (o) { return o.value.toLowerCase() === item.key.toLowerCase(); })[0];
        if (!option) {
          // Uploaded after this page was opened.
          option = new Option(item.name, item.key);
          if (item.thumbnailUrl) option.setAttribute("data-thumb", item.thumbnailUrl);
          if (item.altText) option.setAttribute("data-alt", item.altText);
          select.appendChild(option);
        }
        select.value = option.value;
        update();
        browse.focus();
      });
    });
    clear.addEventListener("click", function () { select.value = ""; update(); select.focus(); });
    select.addEventListener("change", update);
    update();
  });
})();
