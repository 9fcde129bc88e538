// lydiard pages: fetch calls with the CSRF token, API forms, the athlete switcher, uploads.
"use strict";

const lydiard = (() => {
  const csrf = () => document.body.dataset.csrf || "";

  async function api(method, url, body) {
    const options = { method, headers: { "X-CSRF-Token": csrf(), Accept: "application/json" }, credentials: "same-origin" };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    if (response.status === 204) return null;
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: { message: text } }; }
    if (!response.ok) {
      const message = data && data.error ? data.error.message : response.statusText;
      throw new Error(message);
    }
    return data;
  }

  function setMessage(form, text, ok) {
    const box = form.querySelector(".message");
    if (!box) { if (!ok) alert(text); return; }
    box.textContent = text;
    box.className = "message " + (ok ? "ok" : "error");
  }

  // <form data-api="/api/..." data-method="PATCH" data-reload>: fields sent as JSON.
  // Fields named "values.x" are gathered into {"values": {"x": ...}}; empty fields are left out
  // unless the form says data-keep-empty; checkboxes become true/false.
  function formBody(form) {
    const body = {};
    for (const field of form.elements) {
      if (!field.name || field.name === "csrf_token" || field.disabled) continue;
      let value;
      if (field.type === "checkbox") value = field.checked;
      else if (field.value === "" && !form.hasAttribute("data-keep-empty")) continue;
      else value = field.value;
      const parts = field.name.split(".");
      let target = body;
      for (const part of parts.slice(0, -1)) target = target[part] = target[part] || {};
      target[parts[parts.length - 1]] = value;
    }
    return body;
  }

  function wireForms() {
    for (const form of document.querySelectorAll("form[data-api]")) {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
        const button = form.querySelector("button[type=submit], button:not([type])");
        if (button) button.disabled = true;
        try {
          const data = await api(form.dataset.method || "POST", form.dataset.api, formBody(form));
          if (form.dataset.redirect) { location.href = form.dataset.redirect; return; }
          if (form.hasAttribute("data-reload")) { location.reload(); return; }
          setMessage(form, form.dataset.done || "Saved.", true);
          form.dispatchEvent(new CustomEvent("api-done", { detail: data }));
        } catch (error) {
          setMessage(form, error.message, false);
        } finally {
          if (button) button.disabled = false;
        }
      });
    }
  }

  function wireSwitcher() {
    const select = document.getElementById("athlete-switch");
    if (!select) return;
    select.addEventListener("change", () => {
      const path = location.pathname;
      const match = path.match(/^\/athletes\/\d+(\/[a-z]+)?/);
      const page = match && match[1] ? match[1] : "/today";
      location.href = `/athletes/${select.value}${page}`;
    });
  }

  function wireUpload() {
    const zone = document.getElementById("drop");
    if (!zone) return;
    const input = document.getElementById("files");
    const table = document.getElementById("results");
    const url = zone.dataset.api;
    const cap = Number(zone.dataset.cap);

    function row(file) {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td class="name"></td><td class="r size"></td><td><span class="progress"><span></span></span></td><td class="outcome">waiting</td><td class="reason"></td>`;
      tr.querySelector(".name").textContent = file.name;
      tr.querySelector(".size").textContent = (file.size / 1024 / 1024).toFixed(2) + " MB";
      table.querySelector("tbody").appendChild(tr);
      table.hidden = false;
      return tr;
    }

    function send(file, tr) {
      return new Promise((resolve) => {
        const bar = tr.querySelector(".progress span");
        const outcome = tr.querySelector(".outcome");
        const reason = tr.querySelector(".reason");
        if (file.size > cap) {
          outcome.innerHTML = '<span class="pill red">failed</span>';
          reason.textContent = `larger than the upload cap of ${(cap / 1024 / 1024).toFixed(0)} MB`;
          resolve();
          return;
        }
        const data = new FormData();
        data.append("files", file, file.name);
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url);
        xhr.setRequestHeader("X-CSRF-Token", csrf());
        xhr.setRequestHeader("Accept", "application/json");
        xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.style.width = (100 * e.loaded / e.total) + "%"; };
        outcome.textContent = "uploading";
        xhr.upload.onload = () => { outcome.textContent = "importing"; };
        xhr.onload = () => {
          bar.style.width = "100%";
          let body;
          try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
          if (xhr.status >= 400 || !Array.isArray(body)) {
            outcome.innerHTML = '<span class="pill red">failed</span>';
            reason.textContent = body && body.error ? body.error.message : `HTTP ${xhr.status}`;
          } else {
            const parts = body.map((item) => {
              const cls = item.outcome === "failed" ? "red" : (item.outcome === "added" || item.outcome === "replaced") ? "green" : "none";
              return `<span class="pill ${cls}">${item.outcome}</span>`;
            });
            outcome.innerHTML = parts.join(" ");
            reason.innerHTML = "";
            for (const item of body) {
              const line = document.createElement("div");
              if (item.url) {
                const link = document.createElement("a");
                link.href = item.url;
                link.textContent = body.length > 1 ? item.name : "open the activity";
                link.className = "activity-link";
                line.appendChild(link);
                if (item.reason) line.appendChild(document.createTextNode(" — " + item.reason));
              } else {
                line.textContent = item.reason;
              }
              reason.appendChild(line);
            }
          }
          resolve();
        };
        xhr.onerror = () => { outcome.innerHTML = '<span class="pill red">failed</span>'; reason.textContent = "network error"; resolve(); };
        xhr.send(data);
      });
    }

    async function uploadAll(files) {
      const rows = Array.from(files).map((file) => [file, row(file)]);
      for (const [file, tr] of rows) await send(file, tr);
      document.getElementById("upload-done").hidden = false;
    }

    input.addEventListener("change", () => { if (input.files.length) uploadAll(input.files); input.value = ""; });
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); uploadAll(e.dataTransfer.files); });
  }

  // The workout builder: preview as you type, exports take the current text.
  function wireBuilder() {
    const root = document.getElementById("builder");
    if (!root) return;
    const area = document.getElementById("workout-text");
    const pane = document.getElementById("preview");
    const units = root.dataset.units;
    const metres = units === "mi" ? 1609.344 : 1000;
    const dist = (m) => (m === null ? "--" : (m / metres).toFixed(2) + " " + units);
    const clock = (s) => {
      if (s === null) return "--:--";
      const t = Math.round(s), h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
      return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
    };
    const el = (tag, attrs, text) => {
      const node = document.createElement(tag);
      Object.assign(node, attrs || {});
      if (text !== undefined) node.textContent = text;
      return node;
    };
    function show(p) {
      pane.replaceChildren();
      for (const b of document.querySelectorAll("form.export button")) b.disabled = !p.ok;
      if (!p.ok) {
        pane.append(el("h2", {}, "Not read yet"), el("pre", { className: "error", id: "wk-error" }, p.error.message),
          el("p", { className: "muted small" }, "Fix the text on the left; the preview updates as you type."));
        return;
      }
      pane.append(el("h2", { id: "wk-title" }, p.title));
      const stats = el("div", { className: "stats" });
      const total = p.distance_m !== null ? p.distance_m : p.known_distance_m;
      for (const [value, label, id] of [[dist(total), p.distance_m === null ? "Distance (known parts)" : "Distance", "wk-distance"], [clock(p.duration_s), "Time", "wk-duration"]]) {
        const box = el("div", { className: "stat" });
        box.append(el("div", { className: "value", id }, value), el("div", { className: "label" }, label));
        stats.append(box);
      }
      pane.append(stats);
      const table = el("table", { className: "section" });
      table.innerHTML = '<thead><tr><th>Step</th><th class="r">Distance</th><th class="r">Time</th></tr></thead>';
      const body = el("tbody");
      for (const line of p.lines) {
        const tr = el("tr");
        tr.append(el("td", {}, line.text), el("td", { className: "r" }, dist(line.distance_m)), el("td", { className: "r" }, clock(line.duration_s)));
        body.append(tr);
      }
      table.append(body);
      pane.append(table);
      const levels = Object.entries(p.by_intensity).map(([k, [d, s]]) => `${k} ${dist(d)}${s ? " " + clock(s) : ""}`);
      if (levels.length) pane.append(el("p", { className: "muted small" }, "By intensity: " + levels.join(", ")));
      for (const note of p.notes) pane.append(el("p", { className: "muted small" }, "Note: " + note));
      pane.append(el("h3", {}, "Canonical text"), el("pre", { className: "parse", id: "wk-canonical" }, p.canonical));
    }
    let timer = null, sent = 0;
    async function update() {
      const mine = ++sent;
      try {
        const preview = await api("POST", root.dataset.api, { text: area.value });
        if (mine === sent) show(preview);
      } catch (error) {
        if (mine === sent) { pane.replaceChildren(el("pre", { className: "error", id: "wk-error" }, error.message)); }
      }
    }
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 250); });
    for (const form of document.querySelectorAll("form.export")) {
      form.addEventListener("submit", () => { form.querySelector("input[name=text]").value = area.value; });
    }
    const library = document.getElementById("library");
    library.addEventListener("change", () => { if (library.value) { area.value = library.value; update(); } });
  }

  document.addEventListener("DOMContentLoaded", () => {
    wireForms();
    wireBuilder();
    wireSwitcher();
    wireUpload();
  });

  return { api, csrf, formBody };
})();
