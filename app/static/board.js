// Takt live WIP board: a snapshot from WS /api/v1/wip/ws, then one event at a time.
// The counting rule is the one in app/wip/counters.py. `/board?line=CODE` (or `?line_id=N`)
// shows one line. Batch step events also go to the "Batches" feed, newest first. The wall
// panels (KPIs, andon, machine states, alerts, orders, OEE) are in wall.js (`wall`), fed by
// the same stream (`issue`, `alert`, `machine` messages).
"use strict";

const TOKEN_KEY = "takt.token";
const API = "/api/v1";
const params = new URLSearchParams(location.search);
let lineFilter = params.get("line_id");  // a line id as text, or null: every line
const BATCH_EVENTS = new Set(["batch_step_started", "batch_step_completed"]);
const FEED_SIZE = 12;

const wip = {
  seq: null,              // last event applied; resume from here after a disconnect
  stations: new Map(),    // workstation id -> {id, code, name, line_id, count}
  totals: { not_started: 0, in_progress: 0, completed: 0, scrapped: 0 },
  lineNames: new Map(),   // line id -> "CODE · name"
  lineCodes: new Map(),   // line code -> line id
  feed: [],               // the latest batch step events, newest first
};
let socket = null;
let retryMs = 500;
let renderQueued = false;
let rebuild = true;
let feedChanged = false;

const $ = (id) => document.getElementById(id);

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function setStatus(state) {
  const el = $("status");
  el.textContent = state;
  el.className = "status " + state;
  el.dataset.state = state;
}

// -- sign in -------------------------------------------------------------------------------

function showLogin(message) {
  $("board").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  const error = $("login-error");
  error.hidden = !message;
  error.textContent = message || "";
  setStatus("offline");
}

async function signIn(event) {
  event.preventDefault();
  const form = new FormData($("login"));
  const response = await fetch(API + "/auth/token", {
    method: "POST",
    body: new URLSearchParams({ username: form.get("username"), password: form.get("password") }),
  });
  if (!response.ok) {
    showLogin("Sign-in failed: check user and password.");
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, (await response.json()).access_token);
  start();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  if (socket) socket.close(1000);
  socket = null;
  wip.seq = null;
  wall.stop();
  showLogin();
}

async function api(path) {
  const response = await fetch(API + path, { headers: { Authorization: "Bearer " + token() } });
  if (response.status === 401) throw new Error("unauthorized");
  if (!response.ok) throw new Error(path + ": " + response.status);
  return response.json();
}

async function loadLineNames() {
  let cursor = null;
  do {
    const page = await api("/lines?limit=500" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    for (const line of page.items) {
      wip.lineNames.set(line.id, line.code + " · " + line.name);
      wip.lineCodes.set(line.code, line.id);
    }
    cursor = page.next_cursor;
  } while (cursor);
}

async function start() {
  if (!token()) { showLogin(); return; }
  $("login").hidden = true;
  setStatus("connecting");
  try {
    await api("/auth/me");
    await loadLineNames();
    if (!resolveLine()) return;
  } catch (error) {
    if (error.message === "unauthorized") { signOut(); return; }
    setTimeout(start, retryMs = Math.min(retryMs * 2, 10000));
    return;
  }
  $("logout").hidden = false;
  wall.start({ api, lineId: lineFilter === null ? null : Number(lineFilter), stations: () => wip.stations,
               lineNames: wip.lineNames, redraw: scheduleRender });
  connect();
}

// `?line=CODE`: the line's id, from the lines just loaded; an unknown code is said on screen.
function resolveLine() {
  const code = params.get("line");
  if (code === null) return true;
  const id = wip.lineCodes.get(code);
  if (id === undefined) {
    showLogin();
    $("login").hidden = true;
    $("unknown-line").hidden = false;
    $("unknown-line").textContent = "No line with code " + code + ".";
    return false;
  }
  lineFilter = String(id);
  $("line-title").textContent = wip.lineNames.get(id);
  document.title = "Takt · " + code;
  return true;
}

// -- the stream -----------------------------------------------------------------------------

function connect() {
  const query = new URLSearchParams();
  if (wip.seq !== null) query.set("since", wip.seq);
  if (lineFilter) query.set("line_id", lineFilter);
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  setStatus("connecting");
  // The token goes in the Sec-WebSocket-Protocol header, not the URL: URLs end up in logs.
  socket = new WebSocket(
    scheme + "//" + location.host + API + "/wip/ws?" + query, ["takt.bearer", token()]);
  socket.onmessage = (message) => receive(JSON.parse(message.data));
  // Resuming with `since`: live now (a replay may bring no event at all); the stations are
  // known, read their machine states once (the resync after time away); a snapshot does
  // the same when it comes.
  socket.onopen = () => {
    if (wip.seq === null) return;
    setStatus("live");
    retryMs = 500;
    wall.connected();
  };
  socket.onclose = (event) => {
    socket = null;
    if (!token()) return;
    setStatus("offline");
    // 1013: we fell behind; anything else: the server or network went away. Resume either
    // way (with `since`); `start` first checks that our token is still good.
    setTimeout(start, event.code === 1013 ? 200 : (retryMs = Math.min(retryMs * 2, 10000)));
  };
}

function receive(message) {
  if (message.type === "snapshot") {
    applySnapshot(message.wip);
    setStatus("live");
    retryMs = 500;
  } else if (message.type === "event") {
    if (!applyEvent(message)) {
      // A workstation we have never seen (created after our snapshot): start over.
      socket.send(JSON.stringify({ type: "resync" }));
      return;
    }
    wip.seq = message.seq;
    setStatus("live");
  } else if (message.type === "alert" || message.type === "issue" || message.type === "machine") {
    wip.seq = message.seq;  // not WIP: the wall's panels; keep our place in the stream
  }
  wall.receive(message);
  if (message.type === "snapshot") wall.connected();
  scheduleRender();
}

function applySnapshot(snapshot) {
  wip.seq = snapshot.seq;
  wip.stations = new Map(snapshot.workstations.map((w) => [w.workstation_id, { ...w }]));
  for (const key of Object.keys(wip.totals)) wip.totals[key] = snapshot[key];
  rebuild = true;
  if (snapshot.workstations.some((w) => !wip.lineNames.has(w.line_id))) refreshLineNames();
}

// A line created after the page loaded: fetch its name, then redraw the headings.
function refreshLineNames() {
  loadLineNames().then(() => { rebuild = true; scheduleRender(); }, () => {});
}

// Returns false when the event names a workstation this board does not know.
function applyEvent(event) {
  if (BATCH_EVENTS.has(event.event)) return applyBatchEvent(event);
  for (const id of [event.from_workstation_id, event.to_workstation_id]) {
    if (id !== null && !wip.stations.has(id) && !lineFilter) return false;
  }
  const totals = !lineFilter || String(event.line_id) === lineFilter;
  const place = (step, workstationId, sign) => {
    const station = workstationId === null ? undefined : wip.stations.get(workstationId);
    if (station) station.count += sign;
    if (totals) wip.totals[step === 0 ? "not_started" : "in_progress"] += sign;
  };
  if (event.from_step !== null) place(event.from_step, event.from_workstation_id, -1);
  if (event.status === "in_progress") place(event.to_step, event.to_workstation_id, 1);
  else if (totals && event.status === "completed") wip.totals.completed += 1;
  else if (totals && event.status === "scrapped") wip.totals.scrapped += 1;
  return true;
}

// A batch step's quantity is at its workstation from its start to its completion; the
// totals count units only.
function applyBatchEvent(event) {
  const station = wip.stations.get(event.workstation_id);
  if (!station && !lineFilter) return false;
  const started = event.event === "batch_step_started";
  if (station) station.count += started ? event.quantity : -event.quantity;
  wip.feed.unshift({ seq: event.seq, text: describeBatchEvent(event, station, started) });
  wip.feed.length = Math.min(wip.feed.length, FEED_SIZE);
  feedChanged = true;
  return true;
}

function describeBatchEvent(event, station, started) {
  const where = station ? station.code : "workstation " + event.workstation_id;
  const head = "Batch " + event.batch + " · " + event.order + " · step " + event.step + " at " + where;
  if (started) return head + ": started, " + event.quantity + " in";
  let text = head + ": done, " + event.good + " good";
  if (event.scrap) text += ", " + event.scrap + " scrap";
  if (event.status === "completed") text += " · batch completed";
  else if (event.status === "scrapped") text += " · batch scrapped";
  return text;
}

// -- rendering (at most once per frame) ----------------------------------------------------

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => { renderQueued = false; render(); });
}

function render() {
  $("board").hidden = false;
  wall.render();
  $("seq").textContent = wip.seq === null ? "–" : String(wip.seq);
  for (const [key, value] of Object.entries(wip.totals)) $("total-" + key).textContent = value;
  if (rebuild) buildStations();
  if (feedChanged) renderFeed();
  for (const station of wip.stations.values()) {
    if (station.countText === station.count) continue;
    station.countText = station.count;
    station.countEl.textContent = station.count;
    station.tile.classList.toggle("busy", station.count > 0);
  }
}

function buildStations() {
  rebuild = false;
  const byLine = new Map();
  for (const station of wip.stations.values()) {
    if (!byLine.has(station.line_id)) byLine.set(station.line_id, []);
    byLine.get(station.line_id).push(station);
  }
  const container = $("lines");
  container.replaceChildren();
  for (const [lineId, stations] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
    const section = document.createElement("section");
    section.className = "line";
    section.dataset.lineId = lineId;
    const title = document.createElement("h2");
    title.textContent = wip.lineNames.get(lineId) || "Line " + lineId;
    const grid = document.createElement("div");
    grid.className = "stations";
    for (const station of stations) {
      const tile = document.createElement("div");
      tile.className = "station";
      tile.dataset.workstationId = station.workstation_id;
      for (const [cls, text] of [["code", station.code], ["name", station.name], ["count", ""], ["state", ""]]) {
        const el = document.createElement("div");
        el.className = cls;
        el.textContent = text;
        tile.append(el);
      }
      station.tile = tile;
      station.countEl = tile.querySelector(".count");
      station.countText = null;
      grid.append(tile);
    }
    section.append(title, grid);
    container.append(section);
  }
  $("empty").hidden = wip.stations.size > 0;
}

function renderFeed() {
  feedChanged = false;
  $("feed").replaceChildren(...wip.feed.map((item) => {
    const li = document.createElement("li");
    li.dataset.seq = item.seq;
    li.textContent = item.text;
    return li;
  }));
  $("batches").hidden = wip.feed.length === 0;
}

$("login").addEventListener("submit", signIn);
$("logout").addEventListener("click", signOut);
start();
