// The visit form on a phone with a weak signal. Every submission carries an id made here, so
// a retry never makes a second visit; a form that cannot be sent is kept in IndexedDB (photos
// are Blobs, too big for localStorage) and can be sent later from this page.
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) return;
  var statusBox = document.getElementById("report-status");
  var outbox = document.getElementById("outbox");
  var outboxList = document.getElementById("outbox-list");
  var outboxCount = document.getElementById("outbox-count");
  var sendButton = document.getElementById("outbox-send");
  var photos = document.getElementById("id_photos");
  var msg = form.dataset;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Chat apps' browsers on plain http lack randomUUID; getRandomValues is older and wider.
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function say(text, isError) {
    statusBox.hidden = false;
    statusBox.textContent = text;
    statusBox.classList.toggle("error", !!isError);
  }

  // --- the outbox (IndexedDB) ---------------------------------------------------------------
  function db() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var open = indexedDB.open("baolian-visits", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("outbox", { keyPath: "client_id" }); };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }
  function store(mode, work) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction("outbox", mode);
        var result = work(tx.objectStore("outbox"));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function keep(entry) { return store("readwrite", function (s) { return s.put(entry); }); }
  function drop(id) { return store("readwrite", function (s) { return s.delete(id); }); }
  function pending() { return store("readonly", function (s) { return s.getAll(); }); }

  function entryFromForm() {
    var fields = [];
    var files = [];
    new FormData(form).forEach(function (value, name) {
      if (value instanceof Blob) { if (value.size) files.push({ name: name, blob: value, filename: value.name }); }
      else if (name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    var label = form.querySelector("[name=pairing] option:checked");
    return {
      client_id: form.querySelector("[name=client_id]").value,
      fields: fields,
      files: files,
      label: (label ? label.textContent : "") + " " + (form.querySelector("[name=visited_on]").value || ""),
    };
  }
  function bodyOf(entry) {
    var body = new FormData();
    // The token of this page, not of the day the form was kept: the session may be newer.
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    entry.files.forEach(function (f) { body.append(f.name, f.blob, f.filename); });
    return body;
  }

  // Resolves "sent" (stored on the server), "refused" (the server said no: keep it to fix) or
  // rejects when the network failed (keep it to retry).
  function send(entry) {
    return fetch(form.action || window.location.href, {
      method: "POST",
      body: bodyOf(entry),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.json().then(function (data) {
        if (response.ok) return { ok: true, data: data };
        return { ok: false, data: data };
      }, function () { throw new Error("unreadable answer"); });
    });
  }

  function refreshOutbox() {
    return pending().then(function (entries) {
      outbox.hidden = entries.length === 0;
      outboxCount.textContent = String(entries.length);
      outboxList.textContent = "";
      entries.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = entry.label + " · " + entry.files.length + " " + msg.msgPhotos + (entry.error ? " — " + entry.error : "");
        outboxList.appendChild(li);
      });
    }, function () { outbox.hidden = true; });
  }

  function sendOutbox() {
    return pending().then(function (entries) {
      return entries.reduce(function (chain, entry) {
        return chain.then(function () {
          return send(entry).then(function (result) {
            if (result.ok) return drop(entry.client_id);
            entry.error = (result.data.errors || []).join(" ");
            return keep(entry);
          }, function () { /* still offline: stays in the outbox */ });
        });
      }, Promise.resolve());
    }).then(refreshOutbox);
  }

  function resetForm() {
    form.reset();
    form.querySelector("[name=client_id]").value = newId();
    ["latitude", "longitude", "accuracy"].forEach(function (n) { form.querySelector("[name=" + n + "]").value = ""; });
    document.getElementById("photo-count").textContent = "";
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData || !window.Promise) return; // the plain form still works
    event.preventDefault();
    var button = document.getElementById("submit");
    button.disabled = true;
    say(msg.msgSending);
    var entry = entryFromForm();
    send(entry).then(function (result) {
      if (result.ok) {
        say(msg.msgSent);
        resetForm();
        window.location.href = result.data.url;
        return;
      }
      say(msg.msgRefused + " " + (result.data.errors || []).join(" "), true);
    }, function () {
      return keep(entry).then(function () {
        say(msg.msgKept);
        resetForm();
        return refreshOutbox();
      }, function () { say(msg.msgKept, true); });
    }).then(function () { button.disabled = false; });
  });

  sendButton.addEventListener("click", function () { sendButton.disabled = true; sendOutbox().then(function () { sendButton.disabled = false; }); });
  window.addEventListener("online", sendOutbox);

  photos.addEventListener("change", function () {
    document.getElementById("photo-count").textContent = photos.files.length ? photos.files.length + " " + msg.msgPhotos : "";
  });

  document.getElementById("locate").addEventListener("click", function () {
    var note = document.getElementById("locate-status");
    if (!navigator.geolocation) { note.textContent = msg.msgNolocation; return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("[name=latitude]").value = position.coords.latitude.toFixed(6);
      form.querySelector("[name=longitude]").value = position.coords.longitude.toFixed(6);
      form.querySelector("[name=accuracy]").value = Math.round(position.coords.accuracy || 0);
      note.textContent = msg.msgLocated + " (±" + Math.round(position.coords.accuracy || 0) + " m)";
    }, function () { note.textContent = msg.msgNolocation; }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  refreshOutbox();
})();
