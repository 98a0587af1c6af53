// The status page: reads /api/status every few seconds and shows it. Everything a device or the
// gateway says is put into the page as text (textContent), never as markup.
"use strict";

(function () {
  const REFRESH_MS = 2000;
  const QUIET_MS = 120000; // a device without a line for this long is marked quiet
  const SVG = "http://www.w3.org/2000/svg";

  let sortKey = "id";
  let sortAscending = true;
  let last = null; // the last answer, for re-sorting without waiting
  let clockOffset = 0; // the gateway's clock minus ours

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat();

  function text(tag, content, className) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  function bytes(n) {
    if (n === null || n === undefined) return "–";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + " " + units[i];
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) return seconds + " s";
    const m = Math.floor(seconds / 60);
    if (m < 60) return m + " min " + (seconds % 60) + " s";
    const h = Math.floor(m / 60);
    if (h < 48) return h + " h " + (m % 60) + " min";
    return Math.floor(h / 24) + " d " + (h % 24) + " h";
  }

  function now() { return Date.now() + clockOffset; }

  function ago(iso) {
    if (!iso) return "never";
    return duration((now() - Date.parse(iso)) / 1000) + " ago";
  }

  // A definition list from [label, value] pairs; a value may be a DOM node.
  function fill(dl, rows) {
    const items = [];
    for (const [label, value] of rows) {
      items.push(text("dt", label));
      const dd = document.createElement("dd");
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
      items.push(dd);
    }
    dl.replaceChildren(...items);
  }

  function state(el, label, kind) {
    el.textContent = label;
    el.className = "state " + kind;
  }

  function renderHeader(s) {
    $("gateway-id").textContent = s.gateway.id || "";
    document.title = "iot-gateway" + (s.gateway.id ? " " + s.gateway.id : "");
    $("updated").textContent = "version " + s.gateway.version + " · up " + duration(s.gateway.uptime_seconds)
      + " · updated " + new Date(Date.parse(s.now)).toLocaleTimeString();
    const health = $("health");
    health.className = "health " + s.health.status;
    $("health-text").textContent = s.health.status + ": " + s.health.reason;
  }

  function renderBroker(s) {
    const b = s.broker;
    if (!b) {
      state($("broker-state"), "no bridge", "unknown");
      $("broker-uri").textContent = "MQTT is off (no --mqtt)";
      fill($("broker"), []);
      return;
    }
    state($("broker-state"), b.connected ? "connected" : "disconnected", b.connected ? "ok" : "bad");
    $("broker-uri").textContent = b.connected ? b.uri : "trying " + b.uris.join(", ");
    fill($("broker"), [
      ["Connected for", b.connected ? duration((now() - Date.parse(b.connected_since)) / 1000) : "–"],
      ["Reconnects", number.format(b.reconnects)],
      ["Published", number.format(b.published_lines)],
      ["Downlinks", number.format(b.downlinks_delivered)],
      ["Downlinks dropped", number.format(b.downlinks_dropped)],
    ]);
  }

  function renderSpool(s) {
    const p = s.spool;
    const meter = $("spool-meter");
    if (!p) {
      meter.hidden = true;
      fill($("spool"), [["Spool", "off (no bridge)"]]);
      return;
    }
    meter.hidden = false;
    const used = p.max_bytes > 0 ? Math.min(1, p.bytes / p.max_bytes) : 0;
    $("spool-fill").style.width = (used * 100).toFixed(1) + "%";
    meter.classList.toggle("full", used > 0.9);
    fill($("spool"), [
      ["Waiting", number.format(p.backlog_lines) + " lines"],
      ["Oldest", p.oldest_age_seconds === null ? "–" : duration(p.oldest_age_seconds)],
      ["Size", bytes(p.bytes) + " / " + bytes(p.max_bytes)],
      ["Dropped (full)", number.format(p.dropped_lines) + " lines"],
    ]);
  }

  function renderTraffic(s) {
    const t = s.traffic;
    fill($("traffic"), [
      ["Connected", number.format(t.devices_connected)],
      ["Lines in", number.format(t.lines_received)],
      ["Bytes in / out", bytes(t.bytes_received) + " / " + bytes(t.bytes_sent)],
      ["Connections", number.format(t.connections_accepted)],
      ["Refused (limit)", number.format(t.connections_refused)],
      ["Closed idle", number.format(t.connections_idle_closed)],
      ["Replaced", number.format(t.connections_replaced)],
      ["Over max-line", number.format(t.overlong_lines)],
      ["Echo withheld", number.format(t.echo_withheld_lines)],
      ["Auth failures", number.format(t.auth_failures)],
    ]);
  }

  function renderGateway(s) {
    const g = s.gateway;
    fill($("gateway"), [
      ["Version", g.version],
      ["Gateway id", g.id || "–"],
      ["Started", new Date(Date.parse(g.started_at)).toLocaleString([], { month: "short", day: "numeric",
        hour: "2-digit", minute: "2-digit" })],
      ["Uptime", duration(g.uptime_seconds)],
      ["Device port", g.serving ? "open" : "closed"],
    ]);
    $("settings").replaceChildren(...Object.entries(g.settings).map(([k, v]) => {
      const pair = document.createElement("div");
      pair.append(text("dt", k), text("dd", v));
      return pair;
    }));
  }

  function niceMax(value) {
    if (value <= 5) return 5;
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * magnitude >= value) return step * magnitude;
    }
    return 10 * magnitude;
  }

  function svg(tag, attributes, content) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    if (content !== undefined) el.textContent = content;
    return el;
  }

  function renderChart(s) {
    const h = s.history;
    const received = h.lines_received;
    const published = h.lines_published || null;
    const n = received.length;
    // drawn at the size it is shown, so that its text stays readable on a phone
    const width = Math.max(280, $("chart").clientWidth || 720);
    const height = width < 500 ? 150 : 190, left = 44, bottom = 20, top = 8, right = 8;
    const peak = Math.max(1, ...received, ...(published || []));
    const max = niceMax(peak);
    const x = (i) => left + (i / Math.max(1, n - 1)) * (width - left - right);
    const y = (v) => top + (1 - v / max) * (height - top - bottom);
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "lines per second over the last " + Math.round(n / 60) + " minutes" });
    for (const fraction of [0, 0.5, 1]) {
      const v = max * fraction;
      root.appendChild(svg("line", { class: "grid", x1: left, x2: width - right, y1: y(v), y2: y(v) }));
      root.appendChild(svg("text", { class: "axis", x: left - 6, y: y(v) + 4, "text-anchor": "end" }, number.format(v)));
    }
    for (const minutes of [10, 5, 0]) {
      const i = Math.max(0, n - 1 - minutes * 60);
      if (n - 1 - minutes * 60 < -1) continue;
      root.appendChild(svg("text", { class: "axis", x: x(i), y: height - 4,
        "text-anchor": minutes === 0 ? "end" : (i === 0 ? "start" : "middle") }, minutes === 0 ? "now" : "−" + minutes + " min"));
    }
    const points = (series) => series.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1)).join(" ");
    root.appendChild(svg("polygon", { class: "area",
      points: x(0) + "," + y(0) + " " + points(received) + " " + x(n - 1) + "," + y(0) }));
    root.appendChild(svg("polyline", { class: "received", points: points(received) }));
    if (published) root.appendChild(svg("polyline", { class: "published", points: points(published) }));
    $("chart").replaceChildren(root);

    const recent = (series) => series.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, series.length);
    const legend = [text("span", "", "key received"), text("span", "received " + number.format(Math.round(recent(received))) + "/s")];
    if (published) {
      legend.push(text("span", "", "key published"), text("span", "published " + number.format(Math.round(recent(published))) + "/s"));
    }
    legend.push(text("span", " (last 10 s)"));
    $("legend").replaceChildren(...legend);
  }

  function compare(a, b) {
    let va = a[sortKey], vb = b[sortKey];
    if (sortKey === "last_line_at" || sortKey === "connected_at") {
      va = va ? Date.parse(va) : 0;
      vb = vb ? Date.parse(vb) : 0;
    }
    const order = va < vb ? -1 : va > vb ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return sortAscending ? order : -order;
  }

  function renderDevices(s) {
    const devices = s.devices.slice().sort(compare);
    const rows = devices.map((d) => {
      const tr = document.createElement("tr");
      const quietFor = d.last_line_at ? now() - Date.parse(d.last_line_at) : now() - Date.parse(d.connected_at);
      const quiet = quietFor > QUIET_MS;
      if (quiet) tr.className = "quiet";
      tr.dataset.device = d.id;
      const name = document.createElement("td");
      name.appendChild(text("span", d.id, "device-id"));
      if (d.named_by !== "hello") name.appendChild(text("span", "by address", "badge"));
      if (quiet) name.appendChild(text("span", "quiet", "badge quiet"));
      tr.append(
        name,
        text("td", ago(d.last_line_at)),
        text("td", number.format(d.lines_in), "num"),
        text("td", number.format(d.lines_out), "num wide"),
        text("td", bytes(d.bytes_in), "num wide"),
        text("td", bytes(d.bytes_out), "num wide"),
        text("td", ago(d.connected_at), "wide"),
        text("td", d.remote, "wide"));
      return tr;
    });
    $("device-rows").replaceChildren(...rows);
    const quietCount = rows.filter((r) => r.className === "quiet").length;
    $("device-count").textContent = number.format(s.devices_total) + " connected"
      + (quietCount ? ", " + quietCount + " quiet" : "");
    $("devices-note").textContent = s.devices_total > s.devices.length
      ? "Showing the " + s.devices.length + " quietest of " + number.format(s.devices_total) + "; all of them: /api/devices."
      : (s.devices_total === 0 ? "No device is connected." : "Quiet: no line for " + QUIET_MS / 60000 + " minutes or more.");
    for (const th of document.querySelectorAll("#devices th")) {
      th.classList.toggle("sorted-asc", th.dataset.key === sortKey && sortAscending);
      th.classList.toggle("sorted-desc", th.dataset.key === sortKey && !sortAscending);
    }
  }

  function render(s) {
    clockOffset = Date.parse(s.now) - Date.now();
    renderHeader(s);
    renderBroker(s);
    renderSpool(s);
    renderTraffic(s);
    renderGateway(s);
    renderChart(s);
    renderDevices(s);
  }

  async function refresh() {
    try {
      const response = await fetch("api/status", { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      last = await response.json();
      $("offline").hidden = true;
      render(last);
    } catch (e) {
      $("offline").hidden = false;
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  window.addEventListener("resize", () => { if (last) renderChart(last); });
  for (const th of document.querySelectorAll("#devices th")) {
    th.addEventListener("click", () => {
      const key = th.dataset.key;
      sortAscending = key === sortKey ? !sortAscending : true;
      sortKey = key;
      if (last) renderDevices(last);
    });
  }
  refresh();
})();
