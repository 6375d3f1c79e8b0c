// standgen edit: live character counters, live checks after a pause in typing, saving without a page reload.
// Without this script every form still works: it posts and the server answers with the whole page.
(function () {
  "use strict";
  var form = document.getElementById("edit");
  var token = document.querySelector('meta[name="standgen-token"]').content;
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.dataset.confirm)) e.preventDefault(); });
  });
  if (!form) return;
  var statusLine = document.getElementById("status");
  var timer = null, sequence = 0;

  function count(area) {
    var out = document.querySelector('[data-counter="' + area.name + '"]');
    if (!out) return;
    var limit = parseInt(area.dataset.limit, 10), text = area.value, n = text.length;
    if (area.dataset.per === "paragraph") {
      n = Math.max.apply(null, text.split(/\n[ \t]*\n/).map(function (p) { return p.trim().length; }).concat([0]));
    }
    out.textContent = " · " + n + " / " + limit;
    out.classList.toggle("over", n > limit);
  }
  form.querySelectorAll("[data-limit]").forEach(count);

  function post(url) {
    var body = new URLSearchParams(new FormData(form));
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "Accept": "application/json", "X-Standgen-Token": token } });
  }

  function item(d, name, label) {
    var li = document.createElement("li");
    li.className = d.severity;
    if (name) {
      var a = document.createElement("a");
      a.href = "#f-" + name; a.dataset.focus = name; a.textContent = label || name;
      li.appendChild(a); li.appendChild(document.createTextNode(": "));
    }
    li.appendChild(document.createTextNode(d.message + (d.hint ? " (" + d.hint + ")" : "")));
    return li;
  }

  function show(result) {
    document.querySelectorAll("ul.diag").forEach(function (ul) {
      ul.textContent = "";
      ul.parentElement.classList.remove("has-diag");
    });
    var list = document.getElementById("problem-list");
    list.textContent = "";
    Object.keys(result.fields).forEach(function (name) {
      var ul = document.querySelector('ul.diag[data-for="' + name + '"]');
      result.fields[name].forEach(function (d) {
        if (ul) { ul.appendChild(item(d)); ul.parentElement.classList.add("has-diag"); }
        list.appendChild(item(d, name, result.labels[name]));
      });
    });
    result.page.forEach(function (d) { list.appendChild(item(d)); });
    if (!list.children.length) {
      var li = document.createElement("li"); li.className = "ok"; li.textContent = form.dataset.none; list.appendChild(li);
    }
    var elsewhere = document.getElementById("elsewhere-list");
    elsewhere.textContent = "";
    result.elsewhere.forEach(function (d) { elsewhere.appendChild(item({severity: d.severity, message: d.where + ": " + d.message, hint: d.hint})); });
    document.getElementById("elsewhere").hidden = !result.elsewhere.length;
  }

  function showPreviews(previews) {
    var box = document.getElementById("previews");
    if (!previews.length) return;
    box.textContent = "";
    previews.forEach(function (p) {
      var img = document.createElement("img"); img.src = p.src; img.alt = p.alt; box.appendChild(img);
    });
  }

  function check() {
    var mine = ++sequence;
    statusLine.textContent = form.dataset.checking;
    post(form.dataset.check).then(function (r) { return r.json(); }).then(function (result) {
      if (mine !== sequence) return;  // a later check is under way
      statusLine.textContent = "";
      show(result);
    }).catch(function () { statusLine.textContent = ""; });
  }

  form.addEventListener("input", function (e) {
    if (e.target.dataset && e.target.dataset.limit) count(e.target);
    clearTimeout(timer);
    timer = setTimeout(check, 400);  // the check itself takes about 0.7 s on the shipped stand
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var mine = ++sequence;
    statusLine.textContent = form.dataset.checking;
    post(form.action).then(function (r) { return r.json(); }).then(function (result) {
      var notice = document.getElementById("notice");
      if (result.stale) {
        notice.className = "notice stale";
        notice.textContent = result.message + " ";
        var a = document.createElement("a"); a.href = result.reload; a.id = "reload";
        a.textContent = document.documentElement.lang === "de" ? "Neu laden (die Eingaben gehen verloren)" : "Reload (your input is lost)";
        notice.appendChild(a);
        statusLine.textContent = "";
        return;
      }
      document.getElementById("version").value = result.version;
      notice.className = "notice"; notice.textContent = result.notice;
      if (mine === sequence) statusLine.textContent = "";
      show(result);
      showPreviews(result.previews);
      document.body.dataset.saved = String(Date.now());
      if (result.partial) refresh();  // the other documents and their warnings follow
    }).catch(function (error) { statusLine.textContent = String(error); });
  });

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-focus]");
    if (!a) return;
    var field = document.getElementById("f-" + a.dataset.focus) ||
                document.querySelector('[data-field="' + a.dataset.focus + '"] input, [data-field="' + a.dataset.focus + '"] textarea');
    if (field) { e.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
  });

  // The full build: at the first look, and after a quick save; warnings and images follow.
  function refresh() {
    var mine = sequence;
    return post(form.dataset.preview).then(function (r) { return r.json(); }).then(function (result) {
      if (mine === sequence) { show(result); showPreviews(result.previews); }
      document.body.dataset.ready = "1";
    });
  }
  refresh();

  document.querySelectorAll("button[data-profile]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.getElementById("profile").value = button.dataset.profile;
      document.querySelectorAll("button[data-profile]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
      refresh();
    });
  });
})();
