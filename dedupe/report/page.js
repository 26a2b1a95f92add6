"use strict";
// report.html's viewer. Every piece of article text reaches the page through textContent, never as markup;
// direction controls in it are shown as visible code points. Views are chosen by the URL's hash:
// #overview, #clusters, #cluster/N, #pair/A/B, #documents, #doc/ID, #contained, #repeats, #learned.
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const report = data.report;
  const PAGE = 50;
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  const main = document.getElementById("main");
  const state = {};  // per list view: {q, page, sort, filters}

  function shown(text) {
    return String(text).replace(BIDI, (c) => "\u2039U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "\u203a");
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = shown(value);
      else if (key === "on") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(shown(child)) : child);
    }
    return node;
  }
  function link(hash, label) {
    return el("a", { href: "#" + hash.split("/").map(encodeURIComponent).join("/") }, el("bdi", {}, label));
  }
  function docLink(id) { return link("doc/" + id, id); }
  function num(x) { return typeof x === "number" && !Number.isInteger(x) ? x.toFixed(3) : String(x); }
  function table(headers, rows, numeric) {
    const head = el("tr", {}, ...headers.map((h) => el("th", { text: h })));
    const body = rows.map((cells) => el("tr", {}, ...cells.map((c, i) => {
      const cell = el("td", numeric && numeric.has(i) ? { class: "num" } : {});
      cell.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(shown(c)) : c);
      return cell;
    })));
    return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
  }
  function source(id) { return data.sources[id] || ""; }
  function sources() { return [...new Set(Object.values(data.sources).filter(Boolean))].sort(); }

  // A list with a search box, filters, sorting and pages. spec: {key, items, columns, row, search, filters, sorts}
  function listView(spec) {
    const st = state[spec.key] || (state[spec.key] = { q: "", page: 0, sort: 0, filters: {} });
    const box = el("div", { class: "list" });
    const controls = el("div", { class: "controls" });
    const search = el("input", { type: "search", placeholder: "search ids and text", value: st.q, "aria-label": "search" });
    search.addEventListener("input", () => { st.q = search.value; st.page = 0; render(); });
    controls.appendChild(search);
    for (const filter of spec.filters || []) {
      const select = el("select", { "aria-label": filter.label }, el("option", { value: "" , text: filter.label + ": all" }),
        ...filter.options.map((o) => el("option", { value: o, text: filter.label + ": " + o })));
      select.value = st.filters[filter.name] || "";
      select.addEventListener("change", () => { st.filters[filter.name] = select.value; st.page = 0; render(); });
      controls.appendChild(select);
    }
    for (const range of spec.ranges || []) {
      const input = el("input", { type: "number", min: "0", max: "1", step: "0.05", value: st.filters[range.name] || "",
        placeholder: range.label, "aria-label": range.label, class: "range" });
      input.addEventListener("input", () => { st.filters[range.name] = input.value; st.page = 0; render(); });
      controls.appendChild(input);
    }
    if (spec.sorts && spec.sorts.length > 1) {
      const select = el("select", { "aria-label": "sort" }, ...spec.sorts.map((s, i) => el("option", { value: String(i), text: "sort: " + s.label })));
      select.value = String(st.sort);
      select.addEventListener("change", () => { st.sort = Number(select.value); render(); });
      controls.appendChild(select);
    }
    const results = el("div");
    box.append(controls, results);
    function render() {
      const q = st.q.trim().toLowerCase();
      let items = spec.items.filter((item) => (!q || spec.search(item).toLowerCase().includes(q)) &&
        (spec.filters || []).every((f) => !st.filters[f.name] || f.test(item, st.filters[f.name])) &&
        (spec.ranges || []).every((r) => st.filters[r.name] === undefined || st.filters[r.name] === "" || r.test(item, Number(st.filters[r.name]))));
      if (spec.sorts) items = items.slice().sort(spec.sorts[st.sort].compare);
      const pages = Math.max(1, Math.ceil(items.length / PAGE));
      st.page = Math.min(st.page, pages - 1);
      const slice = items.slice(st.page * PAGE, (st.page + 1) * PAGE);
      const nav = el("div", { class: "pager" },
        el("button", { on: () => { st.page = Math.max(0, st.page - 1); render(); } }, "previous"),
        el("span", { text: " page " + (st.page + 1) + " of " + pages + " (" + items.length + " items) " }),
        el("button", { on: () => { st.page = Math.min(pages - 1, st.page + 1); render(); } }, "next"));
      results.replaceChildren(slice.length ? table(spec.columns, slice.map(spec.row), spec.numeric) : el("p", { text: "Nothing matches." }), nav);
    }
    render();
    return box;
  }

  function overview() {
    const c = report.counts;
    const cards = [["input", "documents in"], ["kept", "kept"], ["duplicates", "duplicates dropped"], ["contained", "contained in others"],
      ["rejected", "rejected"], ["removals", "spans removed"], ["moved_to_bylines", "moved to bylines"], ["guarded", "left uncut by the guard"],
      ["learned_lines", "lines learned"], ["repeated_paragraph_groups", "repeated paragraphs"]];
    const parts = [el("div", { class: "cards" }, ...cards.filter(([k]) => k in c).map(([k, label]) => el("div", { class: "card" }, el("b", { text: c[k] }), label)))];
    parts.push(el("h2", { text: "Removals by rule" }));
    const rules = Object.entries(report.removals_by_rule);
    parts.push(rules.length ? table(["rule", "what it removes", "removals", "moved to bylines", "characters"], rules.map(([rule, t]) => [
      link("documents/rule/" + rule, rule), (data.rules[rule] || {}).description || "", t.count, t.moved || 0, t.chars]), new Set([2, 3, 4])) : el("p", { text: "No text was removed." }));
    const repairs = Object.entries(report.repairs);
    if (repairs.length) parts.push(el("h2", { text: "Encoding and layout repairs" }), table(["repair", "changes"], repairs, new Set([1])));
    const reasons = Object.entries(report.rejected_by_reason);
    if (reasons.length) parts.push(el("h2", { text: "Rejected documents" }), table(["reason", "documents"], reasons, new Set([1])));
    if ((report.guarded || []).length) {
      parts.push(el("h2", { text: "Left uncut by the guard: review these" }), el("ul", {}, ...report.guarded.map((id) => el("li", {}, docLink(id)))));
    }
    if (data.truncated.documents || data.truncated.pairs || data.truncated.repeated_paragraphs) {
      parts.push(el("p", { class: "muted", text: "This page shows the first documents, pairs and repeated paragraphs only (" +
        data.truncated.documents + " documents, " + data.truncated.pairs + " pairs and " +
        (data.truncated.repeated_paragraphs || 0) + " groups of repeated paragraphs left out); report.json has all of them." }));
    }
    parts.push(el("p", { class: "muted", text: "Inputs: " + (report.inputs.join(", ") || "(library call)") + ". dedupe " + report.dedupe_version + ", report schema " + report.schema_version + "." }));
    return parts;
  }

  function scoreCells(s) { return [num(s.shared), num(s.containment), num(s.coverage), num(s.jaccard), num(s.number_conflicts)]; }
  const SCORE_HEADERS = ["shared rare shingles", "containment", "coverage", "Jaccard", "number conflicts"];

  function clusters() {
    const items = report.clusters.map((c, i) => ({ i, c, min: Math.min(...c.members.map((m) => m.containment)) }));
    return [el("p", { class: "muted", text: "Each cluster keeps one document and drops the others. Open a cluster to see each dropped document beside the one it was verified against." }),
      listView({
        key: "clusters", items,
        columns: ["cluster", "kept", "source", "dropped", "lowest containment"],
        numeric: new Set([3, 4]),
        row: (x) => [link("cluster/" + x.i, "#" + (x.i + 1)), docLink(x.c.kept), source(x.c.kept), x.c.members.length, num(x.min)],
        search: (x) => [x.c.kept, ...x.c.members.map((m) => m.id)].join(" "),
        filters: [{ name: "source", label: "source", options: sources(), test: (x, v) => source(x.c.kept) === v || x.c.members.some((m) => source(m.id) === v) }],
        ranges: [{ name: "minc", label: "min containment", test: (x, v) => x.min >= v }, { name: "maxc", label: "max containment", test: (x, v) => x.min <= v }],
        sorts: [{ label: "input order", compare: (a, b) => a.i - b.i }, { label: "size", compare: (a, b) => b.c.members.length - a.c.members.length || a.i - b.i },
          { label: "lowest containment first", compare: (a, b) => a.min - b.min || a.i - b.i }],
      })];
  }

  function cluster(index) {
    const c = report.clusters[Number(index)];
    if (!c) return [el("p", { text: "No such cluster." })];
    return [el("h2", {}, "Cluster #" + (Number(index) + 1) + ": keeps ", docLink(c.kept)),
      table(["dropped", "relation", "verified against", ...SCORE_HEADERS, ""], c.members.map((m) => [docLink(m.id), m.relation, docLink(m.matched), ...scoreCells(m),
        link("pair/" + m.id + "/" + m.matched, "side by side")]), new Set([3, 4, 5, 6, 7]))];
  }

  function pair(a, b) {
    const segments = data.pairs[a + "\u0000" + b];
    if (!segments) return [el("p", { text: "This pair's texts are not on the page (see report.json)." })];
    const ta = data.texts[a], tb = data.texts[b];
    const scores = [...report.clusters.flatMap((c) => c.members.filter((m) => m.id === a && m.matched === b)),
      ...report.contained.filter((x) => x.id === a && x.contained_in === b)][0];
    const parts = [el("h2", {}, docLink(a), " beside ", docLink(b))];
    if (scores) parts.push(table(SCORE_HEADERS, [scoreCells(scores)], new Set([0, 1, 2, 3, 4])));
    parts.push(el("p", { class: "legend" }, el("span", { class: "same", text: "shared text" }), " ", el("span", { class: "diff", text: "differs" }),
      " ", el("span", { class: "only", text: "only on this side" })));
    const rows = segments.map(([tag, as, ae, bs, be]) => {
      const cls = tag === "equal" ? "same" : tag === "replace" ? "diff" : "only";
      const left = ae > as ? el("span", { class: cls, text: ta.slice(as, ae) }) : null;
      const right = be > bs ? el("span", { class: cls, text: tb.slice(bs, be) }) : null;
      return el("tr", {}, el("td", { class: "text", dir: "auto" }, left), el("td", { class: "text", dir: "auto" }, right));
    });
    parts.push(el("table", { class: "pair" }, el("thead", {}, el("tr", {}, el("th", {}, docLink(a)), el("th", {}, docLink(b)))), el("tbody", {}, ...rows)));
    return parts;
  }

  function documents(rule) {
    const docs = report.documents;
    const rules = Object.keys(report.removals_by_rule).sort();
    const st = state.documents || (state.documents = { q: "", page: 0, sort: 0, filters: {} });
    if (rule) st.filters.rule = rule;
    return [el("p", { class: "muted", text: "Every document the cleaner cut (documents only repaired are counted on the overview). Open one to see the removed spans in place." }),
      listView({
        key: "documents", items: docs,
        columns: ["document", "source", "status", "removals", "characters in → out", "rules"],
        numeric: new Set([3]),
        row: (d) => [docLink(d.id), source(d.id), d.guarded ? d.status + " (guarded)" : d.status, d.removals.length, d.chars_in + " → " + d.chars_out,
          [...new Set((d.guarded ? d.withheld : d.removals).map((r) => r.rule))].join(", ")],
        search: (d) => d.id + " " + d.removals.map((r) => r.text).join(" "),
        filters: [{ name: "rule", label: "rule", options: rules, test: (d, v) => d.removals.some((r) => r.rule === v) },
          { name: "source", label: "source", options: sources(), test: (d, v) => source(d.id) === v },
          { name: "status", label: "status", options: ["kept", "duplicate", "rejected"], test: (d, v) => d.status === v }],
        sorts: [{ label: "input order", compare: () => 0 }, { label: "most removed", compare: (a, b) => (b.chars_in - b.chars_out) - (a.chars_in - a.chars_out) }],
      })];
  }

  function doc(id) {
    const d = report.documents.find((x) => x.id === id);
    const parts = [el("h2", {}, "Document ", el("bdi", { text: id }))];
    const membership = report.clusters.map((c, i) => [c, i]).filter(([c]) => c.kept === id || c.members.some((m) => m.id === id));
    for (const [c, i] of membership) {
      const m = c.members.find((x) => x.id === id);
      parts.push(el("p", {}, m ? "Dropped: " + m.relation + " of " : "Kept for ", link("cluster/" + i, "cluster #" + (i + 1)),
        m ? el("span", {}, ", verified against ", docLink(m.matched), " (", link("pair/" + id + "/" + m.matched, "side by side"), ")") : null));
    }
    for (const c of report.contained.filter((x) => x.id === id)) {
      parts.push(el("p", {}, "Contained in ", docLink(c.contained_in), " (containment " + num(c.containment) + ", " + (c.dropped ? "dropped" : "kept") + "; ",
        link("pair/" + id + "/" + c.contained_in, "side by side"), ")"));
    }
    if (!d) {
      parts.push(el("p", { text: "No text was cut from this document." }));
      if (data.texts[id]) parts.push(el("div", { class: "text doc", dir: "auto", text: data.texts[id] }));
      return parts;
    }
    const original = data.originals[id];
    const spans = (d.guarded ? d.withheld : d.removals).slice().sort((x, y) => x.start - y.start);
    parts.push(el("p", { class: "muted", text: d.status + ", " + d.chars_in + " → " + d.chars_out + " characters" +
      (d.guarded ? "; the guard withheld these removals: the document was left whole" : "") +
      (Object.keys(d.repairs).length ? "; repairs: " + Object.entries(d.repairs).map(([k, v]) => k + " " + v).join(", ") : "") }));
    if (original === undefined) {
      if (data.texts[id]) parts.push(el("div", { class: "text doc", dir: "auto", text: data.texts[id] }));
      return parts;
    }
    const body = el("div", { class: "text doc", dir: "auto" });
    let at = 0;
    for (const r of spans) {
      if (r.start > at) body.appendChild(document.createTextNode(shown(original.slice(at, r.start))));
      const start = Math.max(r.start, at);
      body.appendChild(el("mark", { class: r.moved ? "moved" : d.guarded ? "withheld" : "removed", title: r.rule + " " + r.start + "–" + r.end },
        el("span", { class: "label", text: r.rule + (r.moved ? " → bylines" : "") }), original.slice(start, r.end)));
      at = Math.max(at, r.end);
    }
    if (at < original.length) body.appendChild(document.createTextNode(shown(original.slice(at))));
    parts.push(body);
    return parts;
  }

  function contained() {
    return [listView({
      key: "contained", items: report.contained,
      columns: ["document", "contained in", "outcome", ...SCORE_HEADERS, ""],
      numeric: new Set([3, 4, 5, 6, 7]),
      row: (c) => [docLink(c.id), docLink(c.contained_in), c.dropped ? "dropped" : "kept", ...scoreCells(c), link("pair/" + c.id + "/" + c.contained_in, "side by side")],
      search: (c) => c.id + " " + c.contained_in,
      filters: [{ name: "source", label: "source", options: sources(), test: (c, v) => source(c.id) === v }],
      ranges: [{ name: "minc", label: "min containment", test: (c, v) => c.containment >= v }],
      sorts: [{ label: "input order", compare: () => 0 }, { label: "containment", compare: (a, b) => b.containment - a.containment }],
    })];
  }

  function repeats() {
    const inner = report.documents.filter((d) => d.removals.some((r) => r.rule === "repeated_paragraph"));
    return [el("h2", { text: "Paragraphs repeated across kept documents (reported, not removed)" }),
      listView({
        key: "repeats", items: report.repeated_paragraphs,
        columns: ["paragraph", "documents", "first in", "also in"],
        numeric: new Set([1]),
        row: (g) => [el("div", { class: "text", dir: "auto", text: g.text }), g.others.length + 1, docLink(g.first.id),
          el("span", {}, ...g.others.flatMap((o, i) => [i ? ", " : "", docLink(o.id)]))],
        search: (g) => g.text + " " + g.first.id + " " + g.others.map((o) => o.id).join(" "),
        sorts: [{ label: "input order", compare: () => 0 }, { label: "most documents", compare: (a, b) => b.others.length - a.others.length }],
      }),
      el("h2", { text: "Paragraphs repeated inside one document (removed)" }),
      inner.length ? el("ul", {}, ...inner.map((d) => el("li", {}, docLink(d.id), " — " + d.removals.filter((r) => r.rule === "repeated_paragraph").length + " repeated paragraph(s)")))
        : el("p", { text: "No document repeats a paragraph of its own." })];
  }

  function learned() {
    const entries = report.learned_boilerplate || [];
    return [el("p", { class: "muted", text: "Lines that recur in many different articles of one source, learned from the corpus and removed (or moved to bylines)." }),
      listView({
        key: "learned", items: entries,
        columns: ["source", "line", "action", "articles learned from", "documents cut", "examples"],
        numeric: new Set([3, 4]),
        row: (e) => [e.source || "(no source)", el("div", { class: "text", dir: "auto", text: e.line }), e.moved ? "moved to bylines" : "removed", e.docs, e.removed_from,
          el("span", {}, ...e.examples.flatMap((id, i) => [i ? ", " : "", docLink(id)]))],
        search: (e) => e.line + " " + (e.source || ""),
        filters: [{ name: "source", label: "source", options: [...new Set(entries.map((e) => e.source || ""))].sort(), test: (e, v) => (e.source || "") === v }],
      })];
  }

  const VIEWS = { overview, clusters, cluster, pair, documents, doc, contained, repeats, learned };
  function route() {
    const parts = location.hash.replace(/^#/, "").split("/").map(decodeURIComponent);
    let name = parts[0] || "overview";
    let args = parts.slice(1);
    if (name === "documents" && args[0] === "rule") args = [args[1]];
    const view = VIEWS[name] || overview;
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("current", a.getAttribute("href") === "#" + name);
    main.replaceChildren(...view(...args));
    window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);
  route();
  document.body.setAttribute("data-ready", "1");
})();
