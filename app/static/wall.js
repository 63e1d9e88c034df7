// Takt board, the wall panels: overview KPIs, open andon issues (blocking first), alerts,
// running orders' progress, each workstation's machine state, OEE of the current shift.
// board.js owns sign-in and the WIP stream; it calls wall.start/receive/render/stop.
//
// Live: `issue`, `alert` and `machine` messages of the stream update their panels at once,
// and an issue or a WIP event refreshes the KPIs and orders (throttled). Machine states: the
// open interval of each workstation from REST whenever the stream (re)starts (a snapshot, or
// a socket resuming with `since` opens), then `machine` messages; no polling. OEE: every
// OEE_MS, and OEE_QUIET_MS after the last machine, issue or WIP event message (debounced; at
// most OEE_LATEST_MS after the first of a burst): machine counts are not on the stream, the
// poll sees them. (A blocking issue is lost time where a machine reports no states.)
// Endpoints that answer 404 (a server without reports or analytics yet) show a dash.
"use strict";

const wall = (() => {
  const KPIS = ["orders_total", "orders_in_progress", "orders_pending", "orders_blocked",
    "done_today", "open_issues", "blocking_issues", "active_lines"];
  const OPEN = new Set(["open", "acknowledged"]);
  const KPI_MS = 15000, OEE_MS = 30000, OEE_QUIET_MS = 2000, OEE_LATEST_MS = 10000;
  const ALERTS = 8, DASH = "–";
  let ctx = null;          // {api, lineId, stations(), lineNames, redraw}
  let timers = [];
  const throttled = new Map();
  const debounced = new Map();  // name -> {timer, first}
  let issues = new Map();  // issue id -> issue (open or acknowledged)
  let issuesLoading = null;  // while the list loads: live updates that must win over it
  const alerts = [];       // newest first
  let kpis = null;         // the overview, or null: unknown (a dash)
  let orders = null;       // running and blocked orders, or null: unknown
  let oee = { shift: undefined, row: null };
  const states = new Map();  // workstation id -> the current machine-state interval or null
  let statesLoading = null;  // while the REST read runs: live updates that must win over it
  const dirty = new Set(["kpis", "issues", "alerts", "orders", "oee"]);
  const $ = (id) => document.getElementById(id);

  const lineQuery = (sep) => (ctx.lineId === null ? "" : sep + "line_id=" + ctx.lineId);
  const mine = (lineId) => ctx.lineId === null || lineId === ctx.lineId;

  function changed(panel) { dirty.add(panel); ctx.redraw(); }

  // An endpoint another part of the service may not have yet: null when it answers 404.
  async function optional(path) {
    try { return await ctx.api(path); } catch (error) {
      if (/: 404$/.test(error.message)) return null;
      throw error;
    }
  }

  function guarded(load) { return () => load().catch(() => {}); }

  // Run `load` at most once per `ms` (the first call waits `ms`, later ones join it).
  function soon(name, load, ms) {
    if (throttled.has(name)) return;
    throttled.set(name, setTimeout(() => { throttled.delete(name); guarded(load)(); }, ms));
  }

  // Run `load` once things are quiet: `ms` after the last call, but no later than `latest`
  // after the first call of a burst (a steady stream of events still refreshes it).
  function debounce(name, load, ms, latest) {
    const now = Date.now();
    const pending = debounced.get(name);
    const first = pending ? pending.first : now;
    if (pending) clearTimeout(pending.timer);
    const wait = Math.max(0, Math.min(ms, first + latest - now));
    const timer = setTimeout(() => { debounced.delete(name); guarded(load)(); }, wait);
    debounced.set(name, { timer, first });
  }

  function every(load, ms) { guarded(load)(); timers.push(setInterval(guarded(load), ms)); }

  async function all(path) {
    const items = [];
    let cursor = null;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page = await ctx.api(path + sep + "limit=200" +
        (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  }

  // -- loading -------------------------------------------------------------------------------

  async function loadKpis() {
    kpis = await optional("/reports/overview" + lineQuery("?")).catch(() => null);
    changed("kpis");
  }

  async function loadIssues() {
    const live = issuesLoading = new Map();
    try {
      const found = new Map();
      for (const status of OPEN) {
        for (const issue of await all("/issues?status=" + status + lineQuery("&"))) {
          found.set(issue.id, issue);
        }
      }
      for (const [id, issue] of live) {
        if (OPEN.has(issue.status)) found.set(id, issue); else found.delete(id);
      }
      if (issuesLoading === live) { issues = found; changed("issues"); }
    } finally {
      if (issuesLoading === live) issuesLoading = null;
    }
  }

  async function loadOrders() {
    const page = await ctx.api("/orders?status=running&status=blocked&sort=priority&limit=50"
      + lineQuery("&"));
    orders = page.items;
    changed("orders");
  }

  // The initial picture (and a resync after a reconnect): each workstation's open interval.
  // A `machine` message arriving meanwhile is newer than what the read may return: it wins.
  async function loadStates() {
    const live = statesLoading = new Map();
    try {
      const now = new Date().toISOString();
      const ids = [...ctx.stations().keys()];
      const found = await Promise.all(ids.map(async (id) => {
        const page = await ctx.api("/workstations/" + id + "/states?limit=1&from="
          + encodeURIComponent(now));
        return page.items.find((s) => s.ended_at === null) || null;
      }));
      if (statesLoading !== live) return;  // a newer read started: it answers
      ids.forEach((id, i) => states.set(id, found[i]));  // all at once: one picture
      for (const [id, state] of live) states.set(id, state);
      ctx.redraw();
    } finally {
      if (statesLoading === live) statesLoading = null;
    }
  }

  // A `machine` message: the workstation's current state, in the shape of a REST interval.
  function applyMachine(machine) {
    const state = { state: machine.state, reason: machine.reason, reason_id: machine.reason_id,
      reason_code: machine.reason_code, reason_name: machine.reason_name,
      reason_category: machine.reason_category, started_at: machine.since, ended_at: null };
    states.set(machine.workstation_id, state);
    if (statesLoading) statesLoading.set(machine.workstation_id, state);
    ctx.redraw();
  }

  async function loadOee() {
    const shift = await ctx.api("/shifts/current" + lineQuery("?"));
    let row = null;
    if (shift) {
      const to = new Date().toISOString();
      const from = shift.start < to ? shift.start : to;
      const report = await optional("/analytics/oee?group_by=shift&from=" + encodeURIComponent(from)
        + "&to=" + encodeURIComponent(to) + lineQuery("&")).catch(() => null);
      const rows = report ? report.rows : [];
      row = rows.length ? rows[rows.length - 1] : null;
    }
    oee = { shift, row };
    changed("oee");
  }

  // -- the stream ----------------------------------------------------------------------------

  function receive(message) {
    if (message.type === "issue") {
      const issue = message.issue;
      if (mine(issue.line_id)) {
        if (issuesLoading) issuesLoading.set(issue.id, issue);
        if (OPEN.has(issue.status)) issues.set(issue.id, issue); else issues.delete(issue.id);
        changed("issues");
      }
      soon("kpis", loadKpis, 300);
      soon("orders", loadOrders, 300);
      debounce("oee", loadOee, OEE_QUIET_MS, OEE_LATEST_MS);
    } else if (message.type === "machine") {
      if (mine(message.machine.line_id)) applyMachine(message.machine);
      debounce("oee", loadOee, OEE_QUIET_MS, OEE_LATEST_MS);
    } else if (message.type === "alert") {
      // The stream already filters alerts by line (`line_id` of the socket).
      alerts.unshift(message.alert);
      alerts.length = Math.min(alerts.length, ALERTS);
      changed("alerts");
    } else if (message.type === "event") {
      soon("kpis", loadKpis, 1000);
      soon("orders", loadOrders, 1000);
      debounce("oee", loadOee, OEE_QUIET_MS, OEE_LATEST_MS);
    } else if (message.type === "snapshot") {
      guarded(loadIssues)();  // what opened while the socket was away
    }
  }

  // The stream (re)started (board.js: a snapshot came, or a socket resuming with `since`
  // opened): read the machine states once, the resync for whatever the socket missed.
  function connected() {
    guarded(loadStates)();
  }

  // -- rendering -----------------------------------------------------------------------------

  function item(tag, cls, text) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function percent(ratio) {
    return ratio === null || ratio === undefined ? DASH : (ratio * 100).toFixed(1) + " %";
  }

  function where(issue) {
    const station = issue.workstation_id === null ? null : ctx.stations().get(issue.workstation_id);
    if (station) return station.code;
    if (issue.workstation_id !== null) return "workstation " + issue.workstation_id;
    if (issue.line_id !== null) return ctx.lineNames.get(issue.line_id) || "line " + issue.line_id;
    return "plant";
  }

  function renderKpis() {
    for (const key of KPIS) {
      const value = kpis && typeof kpis[key] === "number" ? String(kpis[key]) : DASH;
      $("kpi-" + key).textContent = value;
    }
    $("kpis").classList.toggle("alarm", Boolean(kpis && kpis.blocking_issues > 0));
  }

  function renderIssues() {
    const sorted = [...issues.values()].sort((a, b) =>
      (b.blocking - a.blocking) || ((a.status === "open" ? 0 : 1) - (b.status === "open" ? 0 : 1))
      || (a.opened_at < b.opened_at ? 1 : a.opened_at > b.opened_at ? -1 : b.id - a.id));
    $("issues").replaceChildren(...sorted.map((issue) => {
      const li = item("li", "issue" + (issue.blocking ? " blocking" : "") + " " + issue.status);
      li.dataset.issueId = issue.id;
      li.append(item("span", "type", issue.type), item("span", "title", issue.title));
      const facts = [where(issue)];
      if (issue.order) facts.push(issue.order);
      facts.push(issue.blocking ? "blocking" : "not blocking", issue.status);
      li.append(item("span", "facts", facts.join(" · ")));
      return li;
    }));
    $("andon-empty").hidden = issues.size > 0;
    $("andon").classList.toggle("alarm", sorted.some((i) => i.blocking));
  }

  function renderAlerts() {
    $("alerts").replaceChildren(...alerts.map((alert) => {
      const li = item("li", "alert", alert.message || alert.rule || "alert");
      li.dataset.alertId = alert.id;
      return li;
    }));
    $("alerts-empty").hidden = alerts.length > 0;
  }

  function renderOrders() {
    const list = orders || [];
    $("orders").replaceChildren(...list.map((order) => {
      const li = item("li", "order " + order.status);
      li.dataset.order = order.number;
      const done = Math.min(order.completed, order.quantity);
      const progress = order.completed + " / " + order.quantity;
      li.append(item("span", "number", order.number), item("span", "progress", progress));
      if (order.status === "blocked") li.append(item("span", "flag", "blocked"));
      const bar = item("div", "bar");
      const fill = item("div", "fill");
      fill.style.width = (order.quantity ? (100 * done) / order.quantity : 0) + "%";
      bar.append(fill);
      li.append(bar);
      return li;
    }));
    $("orders-empty").hidden = list.length > 0;
    $("orders-empty").textContent = orders === null ? DASH : "No orders running.";
  }

  function renderOee() {
    const { shift, row } = oee;
    $("oee-shift").textContent = shift === undefined ? DASH : shift === null ? "No shift now"
      : shift.name + " · " + clock(shift.start) + "–" + clock(shift.end);
    $("oee-value").textContent = row ? percent(row.oee) : DASH;
    $("oee-availability").textContent = row ? percent(row.availability) : DASH;
    $("oee-effectiveness").textContent = row ? percent(row.effectiveness) : DASH;
    $("oee-quality").textContent = row ? percent(row.quality_ratio) : DASH;
  }

  function clock(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  // Each tile's machine state: its colour (data-state) and "state · reason".
  function renderStates() {
    for (const station of ctx.stations().values()) {
      if (!station.tile) continue;
      const current = states.get(station.workstation_id);
      const state = current ? current.state : "unknown";
      const reason = current ? current.reason_code || current.reason : null;
      const text = current ? state + (reason ? " · " + reason : "") : "no machine data";
      if (station.stateText === text && station.stateTile === station.tile) continue;
      station.stateText = text;
      station.stateTile = station.tile;
      station.tile.dataset.state = state;
      station.tile.querySelector(".state").textContent = text;
    }
  }

  const RENDER = { kpis: renderKpis, issues: renderIssues, alerts: renderAlerts,
    orders: renderOrders, oee: renderOee };

  function render() {
    if (!ctx) return;
    for (const panel of dirty) RENDER[panel]();
    dirty.clear();
    renderStates();
  }

  function stop() {
    for (const timer of timers) clearInterval(timer);
    for (const timer of throttled.values()) clearTimeout(timer);
    for (const pending of debounced.values()) clearTimeout(pending.timer);
    timers = [];
    throttled.clear();
    debounced.clear();
    statesLoading = null;
  }

  function start(context) {
    stop();
    ctx = context;
    every(loadKpis, KPI_MS);
    every(loadOrders, KPI_MS);
    every(loadOee, OEE_MS);
    changed("issues");
  }

  return { start, stop, receive, connected, render };
})();
