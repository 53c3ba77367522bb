/* The review page's enhancements: cards, filters, source and sentence highlights, and the
   progressive results stream. Plain ES5-style JavaScript, no dependencies, no build step.
   Loaded with the page's CSP nonce; it adds no inline script and no inline handler, and it
   only ever talks to this origin. Everything it inserts comes from this server's templates. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  function byData(name, value) {
    return all("[data-" + name + "]").filter(function (el) {
      return el.getAttribute("data-" + name) === value;
    });
  }

  /* ---- cards ---- */
  function openCard(id, focus) {
    var card = document.getElementById("card-" + id);
    if (!card) { return; }
    all(".card.open").forEach(function (c) { c.classList.remove("open"); });
    all(".hl.active").forEach(function (h) { h.classList.remove("active"); });
    card.classList.add("open");
    all(".hl").forEach(function (h) {
      if (h.getAttribute("data-claim") === id) { h.classList.add("active"); }
    });
    all(".open-claim").forEach(function (b) {
      b.setAttribute("aria-expanded", String(b.getAttribute("data-open") === id));
    });
    var hint = document.querySelector(".no-card");
    if (hint) { hint.hidden = true; }
    if (focus) { card.querySelector("h3").focus(); }
  }

  function claimOf(el) {
    var hl = el.closest(".hl");
    if (hl) { return hl.getAttribute("data-claim"); }
    var part = el.closest(".cue[data-for], .claimant[data-for]");
    return part ? part.getAttribute("data-for") : null;
  }

  /* ---- sources ---- */
  function toggleSource(button) {
    var id = button.getAttribute("data-source");
    var on = button.getAttribute("aria-pressed") !== "true";
    all(".source-item").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    all(".mention.on").forEach(function (m) { m.classList.remove("on"); });
    if (!on) { return; }
    button.setAttribute("aria-pressed", "true");
    all(".mention").forEach(function (m) {
      if ((m.getAttribute("data-source") || "").split(" ").indexOf(id) >= 0) {
        m.classList.add("on");
      }
    });
  }

  /* ---- filters ---- */
  function applyFilters() {
    var statuses = all(".filter-status").filter(function (c) { return c.checked; })
      .map(function (c) { return c.value; });
    var select = document.getElementById("filter-source");
    var source = select ? select.value : "";
    var shown = 0, total = 0;
    all("#claim-list > li").forEach(function (li) {
      var button = li.querySelector(".open-claim");
      var id = button.getAttribute("data-open");
      var visible = statuses.indexOf(li.getAttribute("data-status")) >= 0 &&
        (source === "" || li.getAttribute("data-source") === source);
      total += 1;
      if (visible) { shown += 1; }
      li.hidden = !visible;
      byData("claim", id).forEach(function (el) {
        if (el.classList.contains("hl")) { el.classList.toggle("dim", !visible); }
      });
    });
    var out = document.getElementById("shown");
    if (out) { out.textContent = shown + " of " + total + " claims shown"; }
  }

  function showSentence(sid) {
    var box = document.getElementById("show-sids");
    var text = document.getElementById("article-text");
    if (box && text && !box.checked) { box.checked = true; text.classList.add("show-sids"); }
    var marker = document.getElementById("sent-" + sid);
    if (marker) {
      all(".sid.flash").forEach(function (m) { m.classList.remove("flash"); });
      marker.classList.add("flash");
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var opener = target.closest(".open-claim");
    if (opener) { openCard(opener.getAttribute("data-open"), true); return; }
    var source = target.closest(".source-item");
    if (source) { toggleSource(source); return; }
    var link = target.closest(".sent-link");
    if (link) { showSentence(link.getAttribute("data-sid")); return; }
    var go = target.closest(".goto");
    if (go) {
      var hl = document.getElementById("hl-" + go.getAttribute("data-goto"));
      if (hl) { event.preventDefault(); hl.focus(); hl.scrollIntoView({block: "center"}); }
      return;
    }
    var claim = claimOf(target);
    if (claim) { openCard(claim, true); }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.matches(".hl[tabindex]")) { return; }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openCard(target.getAttribute("data-claim"), true);
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var text = document.getElementById("article-text");
    if (target.id === "show-sids" && text) { text.classList.toggle("show-sids", target.checked); }
    if (target.id === "show-removed" && text) {
      text.classList.toggle("show-removed", target.checked);
    }
    if (target.matches(".filter-status, #filter-source")) { applyFilters(); }
  });

  /* ---- progressive results ---- */
  function say(text) {
    var out = document.getElementById("progress");
    if (out) { out.textContent = text; }
  }

  function showProblem(problem) {
    var box = document.getElementById("problem");
    if (!box) { return; }
    box.replaceChildren();
    var title = document.createElement("h2");
    title.textContent = problem.title || "Error";
    var detail = document.createElement("p");
    detail.textContent = (problem.detail || "") +
      (problem.request_id ? " (request id " + problem.request_id + ")" : "");
    box.append(title, detail);
    box.hidden = false;
    say("");
  }

  function swap(id, provisional) {
    var url = "/review/" + encodeURIComponent(id) + "/fragment" +
      (provisional ? "?provisional=true" : "");
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error("the sheet could not be loaded"); }
      return response.text();
    }).then(function (html) {
      var parsed = new DOMParser().parseFromString(html, "text/html");
      var sheet = parsed.getElementById("sheet");
      var content = document.getElementById("content");
      if (!sheet || !content) { return; }
      content.replaceChildren(document.importNode(sheet, true));
      if (!provisional) {
        history.pushState(null, "", "/review/" + encodeURIComponent(id));
        var title = content.querySelector("h1");
        if (title) { document.title = title.textContent + " · Factsheet review"; }
      }
    });
  }

  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { return; }
        buffer += decoder.decode(chunk.value, {stream: true});
        var cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          var block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          var name = "message", data = [];
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) { name = line.slice(7); }
            if (line.indexOf("data: ") === 0) { data.push(line.slice(6)); }
          });
          if (data.length) { onEvent(name, JSON.parse(data.join("\n"))); }
        }
        return pump();
      });
    }
    return pump();
  }

  function submitStreaming(form) {
    var queue = Promise.resolve();
    var problem = document.getElementById("problem");
    if (problem) { problem.hidden = true; }
    say("Building the fact sheet…");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    function done() { if (button) { button.disabled = false; } }
    fetch("/review/stream", {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: {"Accept": "text/event-stream"}
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (!response.ok || type.indexOf("text/event-stream") !== 0) {
        return response.json().then(showProblem, function () {
          showProblem({title: "Error", detail: "HTTP " + response.status});
        });
      }
      return readEvents(response, function (name, data) {
        if (name === "sheet") {
          queue = queue.then(function () { return swap(data.id, true); }).then(function () {
            say("Provisional extractive sheet shown; the LLM sheet is on its way…");
          });
        } else if (name === "final") {
          queue = queue.then(function () { return swap(data.id, false); }).then(function () {
            say("Final sheet (" + data.engine.name + ") shown.");
          });
        } else if (name === "problem") {
          queue = queue.then(function () { showProblem(data); });
        }
      }).then(function () { return queue; });
    }).catch(function (error) {
      showProblem({title: "Error", detail: String(error && error.message || error)});
    }).then(done, done);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== "review-form") { return; }
    if (!window.fetch || !window.ReadableStream || !window.TextDecoder) { return; }
    event.preventDefault();
    submitStreaming(form);
  });

  window.addEventListener("popstate", function () { window.location.reload(); });
}());
