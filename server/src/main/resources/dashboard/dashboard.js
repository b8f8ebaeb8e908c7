/*
 * Tongbao pilot dashboard. Reads the KPI API (/v1/kpi/..., /v1/fintech-enterprises/counts) with the
 * bearer token the visitor signs in with (kept in sessionStorage only), draws every figure, and
 * polls every 5 s. Everything is drawn from the last responses kept in `state`, so switching the
 * language redraws without asking the server again. No framework, no build step; charts by ECharts.
 */
"use strict";

(() => {
  const I18n = TongbaoI18n;
  const t = I18n.t;
  const REFRESH_MS = 5000;
  const TOKEN_KEY = "tongbao.token";
  const DRILL_METRICS = ["TRANSACTION_VOLUME", "TRANSACTION_COUNT", "ACTIVE_WALLETS", "SME_LOANS_DISBURSED",
    "INCENTIVES_SPENT", "MERCHANT_SALES_DRIVEN"];
  const DIMENSIONS = ["district", "category", "tier", "operator", "size", "campaign"];
  /** The money figures of a campaign, in the order of its table's columns. */
  const CAMPAIGN_FIGURES = [["granted", "INCENTIVES_GRANTED"], ["spent", "INCENTIVES_SPENT"],
    ["expired", "INCENTIVES_EXPIRED"], ["returned", "INCENTIVES_RETURNED"], ["salesDriven", "MERCHANT_SALES_DRIVEN"]];
  /** Campaigns in the chart: those with the most incentives granted (the table has them all). */
  const CAMPAIGN_BARS_MAX = 12;
  const PERIODS = ["MONTH", "QUARTER", "YEAR"];
  const STATUS_COLOURS = {ACHIEVED: "#1b7f3b", AHEAD: "#2e9d57", ON_PACE: "#1f6fb2", BEHIND: "#c77700", AT_RISK: "#c62828"};
  const PALETTE = ["#b3261e", "#1f6fb2", "#2e9d57", "#c77700", "#6a4c93", "#00838f", "#8d6e63", "#5b6576"];

  const state = {
    token: null,
    timer: null,
    refreshing: false,
    again: false,
    selectsLanguage: null,
    data: null,
    drill: {metric: "TRANSACTION_VOLUME", dimension: "district", period: "MONTH"},
    sorts: {},
    tables: {},
    charts: {}
  };

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ API

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail || ("HTTP " + status));
      this.status = status;
    }
  }

  async function api(path) {
    const response = await fetch(path, {headers: {"Authorization": "Bearer " + state.token, "Accept": "application/json"}});
    if (!response.ok) {
      let detail = null;
      try {
        detail = (await response.json()).detail;
      } catch (ignored) {
        detail = null;
      }
      throw new ApiError(response.status, detail);
    }
    return response.json();
  }

  const metricPath = (metric) => metric.toLowerCase().replace(/_/g, "-");

  /** The same point of the previous month, quarter or year (the day clamped to that month's length). */
  function previousAsOf(asOf, period) {
    const [year, month, day] = asOf.split("-").map(Number);
    const back = period === "YEAR" ? 12 : period === "QUARTER" ? 3 : 1;
    const first = new Date(Date.UTC(year, month - 1 - back, 1));
    const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    first.setUTCDate(Math.min(day, days));
    return first.toISOString().slice(0, 10);
  }

  async function load() {
    const targets = await api("/v1/kpi/targets");
    const asOf = targets.asOf;
    const volume = targets.targets.find((target) => target.metric === "TRANSACTION_VOLUME");
    const drill = state.drill;
    const drillPath = "/v1/kpi/metrics/" + metricPath(drill.metric) + "?by=" + drill.dimension + "&period=" + drill.period;
    const year = (metric, by) => api("/v1/kpi/metrics/" + metric + "?period=year" + (by ? "&by=" + by : ""));
    const [series, drillNow, drillBefore, granted, spent, expired, returned, salesDriven, salesPerYuan, bySize, bySector,
      outstanding, overdue, overdueRatio, fintech, alerts] = await Promise.all([
      volume ? api("/v1/kpi/metrics/transaction-volume/series?from=" + seriesStart(volume.start, asOf) + "&to=" + asOf)
        : Promise.resolve(null),
      api(drillPath),
      api(drillPath + "&asOf=" + previousAsOf(asOf, drill.period)),
      year("incentives-granted", "campaign"), year("incentives-spent", "campaign"), year("incentives-expired", "campaign"),
      year("incentives-returned", "campaign"), year("merchant-sales-driven", "campaign"),
      year("sales-per-incentive-yuan", "campaign"),
      year("sme-loans-disbursed", "size"), year("sme-loans-disbursed", "sector"),
      year("loans-outstanding"), year("loans-overdue"), year("overdue-ratio"),
      api("/v1/fintech-enterprises/counts"),
      api("/v1/kpi/alerts?limit=100")
    ]);
    return {targets, volume, series, drillNow, drillBefore, granted, spent, expired, returned, salesDriven, salesPerYuan,
      bySize, bySector, outstanding, overdue, overdueRatio, fintech, alerts};
  }

  /** The series starts at the target's start, at most 1,000 days (the API's limit) before the day it ends. */
  function seriesStart(start, asOf) {
    const earliest = new Date(Date.parse(asOf + "T00:00:00Z") - 999 * 86400000).toISOString().slice(0, 10);
    return start > earliest ? start : earliest;
  }

  // ------------------------------------------------------------------ sign-in, polling

  async function signIn(token) {
    state.token = token;
    try {
      await api("/v1/kpi/targets");
    } catch (e) {
      state.token = null;
      $("sign-in-error").textContent = e.status === 403 ? t("signInForbidden") : e.status === 401 ? t("signInRefused")
        : e.message;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $("sign-in-error").textContent = "";
    $("token").value = "";
    $("sign-in").hidden = true;
    $("dashboard").hidden = false;
    $("sign-out").hidden = false;
    initCharts();
    await refresh();
    $("main").focus();
  }

  function signOut(message) {
    clearTimeout(state.timer);
    state.timer = null;
    state.token = null;
    state.data = null;
    sessionStorage.removeItem(TOKEN_KEY);
    Object.values(state.charts).forEach((chart) => chart.dispose());
    state.charts = {};
    $("dashboard").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    $("as-of").textContent = "";
    $("refresh-status").textContent = "";
    $("sign-in-error").textContent = message || "";
    document.body.dataset.state = "signed-out";
    $("token").focus();
  }

  /** Loads and draws everything; a call while a refresh runs is folded into one more right after it. */
  async function refresh() {
    if (!state.token) {
      return;
    }
    if (state.refreshing) {
      state.again = true;
      return;
    }
    clearTimeout(state.timer);
    state.refreshing = true;
    try {
      state.data = await load();
      render();
      $("refresh-status").textContent = t("updated") + " " + new Date().toLocaleTimeString(
        I18n.language === "zh" ? "zh-CN" : "en-GB");
      document.body.dataset.state = "ready";
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
    } catch (e) {
      if (e.status === 401) {
        state.refreshing = false;
        signOut(t("signedOutExpired"));
        return;
      }
      $("refresh-status").textContent = t("refreshFailed") + " (" + e.message + ")";
    } finally {
      state.refreshing = false;
    }
    if (state.token && state.again) {
      state.again = false;
      refresh();
    } else if (state.token) {
      state.timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  // ------------------------------------------------------------------ rendering

  function initCharts() {
    for (const id of ["volume-chart", "drill-chart", "incentives-chart", "campaigns-chart", "fintech-chart",
      "loans-size-chart", "loans-sector-chart"]) {
      if (!state.charts[id]) {
        state.charts[id] = echarts.init($(id), null, {renderer: "canvas"});
        if (id === "drill-chart") {
          state.charts[id].on("click", (params) => highlightRow("drill", params.dataIndex));
        }
      }
    }
  }

  /** A selector that finds the focused control again once its table or card has been redrawn. */
  function focusSelector(active) {
    if (!active || active === document.body) {
      return null;
    }
    if (active.id) {
      return "#" + active.id;
    }
    const header = active.closest("th[data-key]");
    const table = active.closest("table[id]");
    if (header && table) {
      return "#" + table.id + " th[data-key='" + header.dataset.key + "'] button";
    }
    const card = active.closest(".card[data-target]");
    return card ? ".card[data-target='" + card.dataset.target + "'] .drill-button" : null;
  }

  /** Redraws everything from the last responses; keyboard focus stays on the control that had it. */
  function render() {
    const focused = focusSelector(document.activeElement);
    draw();
    const again = focused ? document.querySelector(focused) : null;
    if (again && again !== document.activeElement) {
      again.focus({preventScroll: true});
    }
  }

  function draw() {
    translateStatic();
    const data = state.data;
    if (!data) {
      return;
    }
    $("as-of").textContent = t("asOf") + " " + data.targets.asOf;
    $("scale-note").textContent = data.targets.scale < 1 ? data.targets.scaleNote : "";
    renderCards(data.targets);
    renderVolume(data);
    renderDrill(data);
    renderIncentives(data);
    renderCampaigns(data);
    renderLoans(data);
    renderFintech(data);
    renderAlerts(data.alerts);
  }

  function translateStatic() {
    document.title = "Tongbao · " + t("title");
    for (const element of document.querySelectorAll("[data-i18n]")) {
      element.textContent = t(element.dataset.i18n);
    }
    $("language").value = I18n.language;
    if (state.selectsLanguage !== I18n.language) {
      // Refilled only when the language changes: a refill closes a select the reader has open.
      state.selectsLanguage = I18n.language;
      fillSelect($("drill-metric"), DRILL_METRICS.map((m) => [m, t("metric." + m)]));
      fillSelect($("drill-dimension"), DIMENSIONS.map((d) => [d, t("dimension." + d)]));
      fillSelect($("drill-period"), PERIODS.map((p) => [p, t("period." + p)]));
    }
    $("drill-metric").value = state.drill.metric;
    $("drill-dimension").value = state.drill.dimension;
    $("drill-period").value = state.drill.period;
  }

  function fillSelect(select, options) {
    select.replaceChildren(...options.map(([value, text]) => {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = text;
      return option;
    }));
  }

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") {
        node.textContent = value;
      } else if (name === "className") {
        node.className = value;
      } else {
        node.setAttribute(name, value);
      }
    }
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function targetTitle(target) {
    const deadlineYear = target.deadline.slice(0, 4);
    return I18n.language === "zh" ? deadlineYear + "年" + t("metric." + target.metric) + t("target")
      : t("metric." + target.metric) + " by " + deadlineYear;
  }

  function renderCards(targets) {
    const cards = targets.targets.map((target) => {
      const pacePercent = target.target > 0 && target.linearPace !== null ? target.linearPace / target.target * 100 : 0;
      const fill = element("div", {className: "fill"});
      fill.style.width = Math.min(100, Math.max(0, target.percent)) + "%";
      const marker = element("div", {className: "marker", title: t("pace") + ": " + I18n.figure(target.linearPace, target.unit)});
      marker.style.left = Math.min(100, Math.max(0, pacePercent)) + "%";
      const row = (key, field, value, text) => [element("dt", {text: t(key)}),
        element("dd", {"data-field": field, "data-value": value === null ? "" : String(value), text})];
      const drillable = DRILL_METRICS.includes(target.metric);
      const button = element("button", {type: "button", className: "drill-button", text: t("drillDown"),
        "aria-label": t("drillDown") + ": " + targetTitle(target)});
      button.addEventListener("click", () => drillInto(target.metric, drillable));
      return element("article", {className: "card status-" + target.status, "data-target": target.name}, [
        element("h3", {text: targetTitle(target)}),
        element("div", {className: "actual", "data-field": "actual", "data-value": String(target.actual),
          text: I18n.figure(target.actual, target.unit)}),
        element("div", {className: "of"}, [
          element("span", {"data-field": "percent", "data-value": String(target.percent), text: I18n.percent(target.percent)}),
          " " + t("ofTarget") + " ",
          element("span", {"data-field": "target", "data-value": String(target.target), text: I18n.figure(target.target, target.unit)})
        ]),
        element("div", {className: "bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
          "aria-valuenow": String(Math.min(100, Math.round(target.percent))), "aria-label": t("percent")}, [fill, marker]),
        element("dl", {}, [
          ...row("pace", "linearPace", target.linearPace, I18n.figure(target.linearPace, target.unit)),
          ...row("required", "requiredDailyRate", target.requiredDailyRate, I18n.figure(target.requiredDailyRate, target.unit)),
          ...row("forecast", "forecast", target.forecast, I18n.figure(target.forecast, target.unit)
            + " (" + t("method." + target.forecastMethod) + ")"),
          ...row("deadline", "deadline", target.deadline, target.deadline)
        ]),
        element("div", {className: "foot"}, [
          element("span", {className: "badge", "data-field": "status", "data-value": target.status,
            text: t("status." + target.status)}),
          button
        ])
      ]);
    });
    $("cards").replaceChildren(...cards);
    state.tables.targets = {
      name: "targets",
      columns: [
        {key: "name", label: "name"}, {key: "metric", label: t("metric")}, {key: "actual", label: t("actual"), csv: raw},
        {key: "target", label: t("target"), csv: raw}, {key: "percent", label: t("percent")},
        {key: "linearPace", label: t("pace"), csv: raw}, {key: "requiredDailyRate", label: t("required"), csv: raw},
        {key: "forecast", label: t("forecast"), csv: raw}, {key: "deadline", label: t("deadline")},
        {key: "status", label: t("status")}
      ],
      rows: targets.targets
    };
  }

  /** A figure for CSV: money in yuan with two decimals, other units as they are. */
  function raw(row, key) {
    const value = row[key];
    if (value === null || value === undefined) {
      return "";
    }
    return row.unit === "fen" ? (value / 100).toFixed(2) : String(value);
  }

  function drillInto(metric, drillable) {
    if (!drillable) {
      $("fintech-heading").scrollIntoView({block: "start"});
      return;
    }
    state.drill.metric = metric;
    $("drill").scrollIntoView({block: "start"});
    $("drill").focus({preventScroll: true});
    refresh();
  }

  const yuan = (fen) => fen === null ? null : fen / 100;

  /** A date as ECharts' time axis reads "YYYY-MM-DD": local midnight. */
  function localDay(date) {
    const [year, month, day] = date.split("-").map(Number);
    return new Date(year, month - 1, day).getTime();
  }

  function renderVolume(data) {
    const chart = state.charts["volume-chart"];
    const target = data.volume;
    if (!target || !data.series) {
      chart.clear();
      return;
    }
    let sum = 0;
    const rows = data.series.points.map((point) => {
      sum += point.value;
      return {date: point.date, daily: point.value, cumulative: sum, unit: "fen"};
    });
    const startMs = Date.parse(target.start + "T00:00:00Z");
    const days = Math.round((Date.parse(target.deadline + "T00:00:00Z") - startMs) / 86400000) + 1;
    for (const row of rows) {
      const elapsed = Math.round((Date.parse(row.date + "T00:00:00Z") - startMs) / 86400000) + 1;
      row.pace = Math.round(target.target * elapsed / days);
    }
    const low = Math.min(target.forecastRunRate ?? target.forecast, target.forecastSeasonal ?? target.forecast);
    const high = Math.max(target.forecastRunRate ?? target.forecast, target.forecastSeasonal ?? target.forecast);
    const asOf = target.asOf;
    const end = target.deadline;
    chart.setOption({
      animationDuration: 300,
      color: PALETTE,
      tooltip: {trigger: "axis", valueFormatter: (value) => value === null || value === undefined ? "—" : I18n.money(value * 100)},
      legend: {top: 0, data: [t("cumulative"), t("linearPace"), t("forecastLine"), t("forecastBand")]},
      grid: {left: 10, right: 30, top: 40, bottom: 10, containLabel: true},
      xAxis: {type: "time", min: target.start, max: end},
      yAxis: {type: "value", axisLabel: {formatter: (value) => I18n.axis(value)}},
      series: [
        {name: t("cumulative"), type: "line", showSymbol: false, data: rows.map((r) => [r.date, yuan(r.cumulative)]),
          lineStyle: {width: 3},
          markLine: {symbol: "none", silent: true, data: [
            {xAxis: asOf, label: {formatter: t("today"), position: "end"}, lineStyle: {color: "#1d2430", type: "solid"}},
            {yAxis: yuan(target.target), label: {formatter: t("target") + " " + I18n.money(target.target), position: "insideEndTop"},
              lineStyle: {color: "#c62828", type: "dashed"}}
          ]}},
        {name: t("linearPace"), type: "line", showSymbol: false, lineStyle: {type: "dashed", width: 1.5},
          data: [[target.start, 0], [end, yuan(target.target)]]},
        {name: t("forecastLine"), type: "line", showSymbol: false, lineStyle: {type: "dotted", width: 2.5},
          data: target.forecast === null ? [] : [[asOf, yuan(target.actual)], [end, yuan(target.forecast)]]},
        {name: t("forecastBand"), type: "custom", silent: true, itemStyle: {color: "rgba(46,157,87,0.35)"},
          data: target.forecast === null ? [] : [[asOf, yuan(low)], [end, yuan(high)]],
          renderItem: (params, chartApi) => params.dataIndex !== 0 ? null : {type: "polygon", silent: true,
            shape: {points: [[asOf, yuan(target.actual)], [end, yuan(high)], [end, yuan(low)]]
              .map(([date, value]) => chartApi.coord([localDay(date), value]))},
            style: {fill: "rgba(46,157,87,0.18)"}}}
      ]
    }, true);
    $("volume-chart").setAttribute("aria-label", t("volumeCurve") + ": " + I18n.money(target.actual) + " / "
      + I18n.money(target.target));
    state.tables.volume = {
      name: "transaction-volume",
      columns: [{key: "date", label: t("date")}, {key: "daily", label: t("daily"), csv: raw},
        {key: "cumulative", label: t("cumulative"), csv: raw}, {key: "pace", label: t("linearPace"), csv: raw}],
      rows
    };
  }

  function meaningful(rows) {
    return rows.filter((row) => row.amount !== 0 || (row.label !== "none" && row.label !== "other"));
  }

  function renderDrill(data) {
    const now = data.drillNow;
    const before = new Map(data.drillBefore.rows.map((row) => [String(row.value), row.amount]));
    const total = now.total;
    const rows = meaningful(now.rows).map((row) => {
      const previous = before.get(String(row.value));
      return {
        label: I18n.label(row.label), value: row.value, amount: row.amount, unit: now.unit,
        share: total > 0 ? row.amount / total * 100 : null,
        growth: previous > 0 ? (row.amount - previous) / previous * 100 : null
      };
    });
    const columns = [
      {key: "label", label: t("dimension." + state.drill.dimension)},
      {key: "amount", label: t("metric." + state.drill.metric), num: true, format: (r) => I18n.figure(r.amount, r.unit), csv: (r) => raw(r, "amount")},
      {key: "share", label: t("share"), num: true, format: (r) => I18n.percent(r.share), csv: (r) => r.share === null ? "" : r.share.toFixed(2)},
      {key: "growth", label: t("growth"), num: true, format: (r) => I18n.percent(r.growth), csv: (r) => r.growth === null ? "" : r.growth.toFixed(2)}
    ];
    const sorted = renderTable("drill", columns, rows, {key: "amount", descending: true});
    const grid = $("drill-grid");
    grid.dataset.metric = now.metric;
    grid.dataset.dimension = now.dimension;
    grid.dataset.period = now.period;
    const chart = state.charts["drill-chart"];
    chart.setOption({
      animationDuration: 300,
      color: PALETTE,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, valueFormatter: (v) => I18n.figure(toUnit(v, now.unit), now.unit)},
      grid: {left: 10, right: 30, top: 10, bottom: 10, containLabel: true},
      xAxis: {type: "value", axisLabel: {formatter: (value) => I18n.axis(value)}},
      yAxis: {type: "category", inverse: true, data: sorted.map((r) => r.label), axisLabel: {width: 120, overflow: "truncate"}},
      series: [{type: "bar", data: sorted.map((r) => fromUnit(r.amount, now.unit)), itemStyle: {color: PALETTE[0]}}]
    }, true);
    $("drill-chart").setAttribute("aria-label", t("drill") + ": " + t("metric." + state.drill.metric) + ", "
      + t("dimension." + state.drill.dimension) + " (" + now.periodLabel + ")");
  }

  const fromUnit = (value, unit) => unit === "fen" ? value / 100 : value;
  const toUnit = (value, unit) => unit === "fen" ? value * 100 : value;

  function renderIncentives(data) {
    const rows = [
      {metric: "INCENTIVES_GRANTED", total: data.granted.total, unit: "fen"},
      {metric: "INCENTIVES_SPENT", total: data.spent.total, unit: "fen"},
      {metric: "INCENTIVES_EXPIRED", total: data.expired.total, unit: "fen"},
      {metric: "MERCHANT_SALES_DRIVEN", total: data.salesDriven.total, unit: "fen"},
      {metric: "SALES_PER_INCENTIVE_YUAN", total: data.salesPerYuan.total, unit: "ratio"}
    ].map((row) => ({...row, label: t("metric." + row.metric)}));
    renderTable("incentives", [
      {key: "label", label: t("figure")},
      {key: "total", label: t("value"), num: true, format: (r) => I18n.figure(r.total, r.unit), csv: (r) => raw(r, "total")}
    ], rows, null);
    const bars = rows.slice(0, 3);
    state.charts["incentives-chart"].setOption({
      animationDuration: 300,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, valueFormatter: (v) => I18n.money(v * 100)},
      grid: {left: 10, right: 20, top: 10, bottom: 10, containLabel: true},
      xAxis: {type: "category", data: bars.map((r) => r.label)},
      yAxis: {type: "value", axisLabel: {formatter: (value) => I18n.axis(value)}},
      series: [{type: "bar", data: bars.map((r, i) => ({value: r.total / 100, itemStyle: {color: PALETTE[[2, 1, 3][i]]}}))}]
    }, true);
    $("incentives-chart").setAttribute("aria-label", t("incentives"));
  }

  /**
   * Incentives by campaign, year to date: the year's breakdowns by campaign joined on the
   * campaign id, one row per campaign with any incentive money (so "none" drops out); sales per
   * incentive yuan is the API's (sales driven ÷ spent), shown only once something was spent.
   */
  function renderCampaigns(data) {
    const campaigns = new Map();
    const join = (breakdown, key) => {
      for (const row of breakdown.rows) {
        const id = String(row.value);
        if (!campaigns.has(id)) {
          campaigns.set(id, {label: I18n.label(row.label), value: row.value, unit: "fen"});
        }
        campaigns.get(id)[key] = row.amount;
      }
    };
    CAMPAIGN_FIGURES.forEach(([key]) => join(data[key], key));
    join(data.salesPerYuan, "salesPerYuan");
    const rows = [...campaigns.values()].filter((row) => CAMPAIGN_FIGURES.some(([key]) => row[key]));
    const money = (key, metric) => ({key, label: t("metric." + metric), num: true,
      format: (r) => I18n.money(r[key] ?? 0), csv: (r) => ((r[key] ?? 0) / 100).toFixed(2)});
    renderTable("campaigns", [
      {key: "label", label: t("dimension.campaign")},
      ...CAMPAIGN_FIGURES.map(([key, metric]) => money(key, metric)),
      {key: "salesPerYuan", label: t("metric.SALES_PER_INCENTIVE_YUAN"), num: true,
        format: (r) => r.spent > 0 ? I18n.figure(r.salesPerYuan, "ratio") : "—",
        csv: (r) => r.spent > 0 ? String(r.salesPerYuan) : ""}
    ], rows, {key: "granted", descending: true});
    const bars = [...rows].sort((a, b) => (b.granted ?? 0) - (a.granted ?? 0)).slice(0, CAMPAIGN_BARS_MAX);
    const colours = {granted: PALETTE[2], spent: PALETTE[1], expired: PALETTE[3], salesDriven: PALETTE[0]};
    state.charts["campaigns-chart"].setOption({
      animationDuration: 300,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, valueFormatter: (v) => I18n.money(v * 100)},
      legend: {top: 0},
      grid: {left: 10, right: 30, top: 30, bottom: 10, containLabel: true},
      xAxis: {type: "value", axisLabel: {formatter: (value) => I18n.axis(value)}},
      yAxis: {type: "category", inverse: true, data: bars.map((r) => r.label), axisLabel: {width: 140, overflow: "truncate"}},
      series: CAMPAIGN_FIGURES.filter(([key]) => colours[key]).map(([key, metric]) => ({name: t("metric." + metric),
        type: "bar", data: bars.map((r) => (r[key] ?? 0) / 100), itemStyle: {color: colours[key]}}))
    }, true);
    $("campaigns-chart").setAttribute("aria-label", t("campaigns") + ": " + rows.length);
  }

  function renderLoans(data) {
    const size = meaningful(data.bySize.rows);
    const sector = meaningful(data.bySector.rows);
    $("loans-summary").textContent = t("outstanding") + " " + I18n.money(data.outstanding.total) + " · "
      + t("overdue") + " " + I18n.money(data.overdue.total) + " · " + t("overdueRatio") + " "
      + I18n.percent(data.overdueRatio.total * 100, 2);
    $("loans-summary").dataset.overdueRatio = String(data.overdueRatio.total);
    const bar = (id, rows, colour) => state.charts[id].setOption({
      animationDuration: 300,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, valueFormatter: (v) => I18n.money(v * 100)},
      grid: {left: 10, right: 30, top: 10, bottom: 10, containLabel: true},
      xAxis: {type: "value", axisLabel: {formatter: (value) => I18n.axis(value)}},
      yAxis: {type: "category", inverse: true, data: rows.map((r) => I18n.label(r.label))},
      series: [{type: "bar", data: rows.map((r) => r.amount / 100), itemStyle: {color: colour}}]
    }, true);
    bar("loans-size-chart", size, PALETTE[1]);
    bar("loans-sector-chart", [...sector].sort((a, b) => b.amount - a.amount), PALETTE[4]);
    $("loans-size-chart").setAttribute("aria-label", t("bySize"));
    $("loans-sector-chart").setAttribute("aria-label", t("bySector"));
    const rows = [
      ...size.map((r) => ({group: t("dimension.size"), label: I18n.label(r.label), amount: r.amount, unit: "fen",
        share: data.bySize.total > 0 ? r.amount / data.bySize.total * 100 : null})),
      ...sector.map((r) => ({group: t("sector"), label: I18n.label(r.label), amount: r.amount, unit: "fen",
        share: data.bySector.total > 0 ? r.amount / data.bySector.total * 100 : null}))
    ];
    renderTable("loans", [
      {key: "group", label: t("dimension")}, {key: "label", label: t("value")},
      {key: "amount", label: t("metric.SME_LOANS_DISBURSED"), num: true, format: (r) => I18n.money(r.amount), csv: (r) => raw(r, "amount")},
      {key: "share", label: t("share"), num: true, format: (r) => I18n.percent(r.share), csv: (r) => r.share === null ? "" : r.share.toFixed(2)}
    ], rows, null);
  }

  function renderFintech(data) {
    const target = data.targets.targets.find((x) => x.metric === "FINTECH_ENTERPRISES");
    const goal = target ? target.target : null;
    const rows = data.fintech.bySector.map((r) => ({label: I18n.label(r.label), count: r.count}));
    $("fintech-summary").textContent = t("total") + " " + I18n.number(data.fintech.total)
      + (goal === null ? "" : " / " + t("fintechTarget") + " " + I18n.number(goal) + " (" + target.deadline + ")");
    renderTable("fintech", [
      {key: "label", label: t("sector")},
      {key: "count", label: t("count"), num: true, format: (r) => I18n.number(r.count)}
    ], rows, {key: "count", descending: true});
    state.charts["fintech-chart"].setOption({
      animationDuration: 300,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 10, right: 20, top: 20, bottom: 10, containLabel: true},
      xAxis: {type: "category", data: [t("total"), ...rows.map((r) => r.label)], axisLabel: {interval: 0, overflow: "truncate", width: 70}},
      yAxis: {type: "value", max: goal === null ? null : (extent) => Math.max(extent.max, goal)},
      series: [{type: "bar", data: [data.fintech.total, ...rows.map((r) => r.count)], itemStyle: {color: PALETTE[5]},
        markLine: goal === null ? undefined : {symbol: "none", silent: true, data: [{yAxis: goal,
          label: {formatter: t("fintechTarget") + " " + I18n.number(goal), position: "insideEndTop"}}],
          lineStyle: {color: "#c62828", type: "dashed"}}}]
    }, true);
    $("fintech-chart").setAttribute("aria-label", t("fintech"));
  }

  function renderAlerts(alerts) {
    const rows = alerts.alerts.map((a) => ({day: a.day, kind: t("alert." + a.kind), subject: I18n.label(a.subject),
      cause: a.cause, raisedMs: a.raisedMs}));
    if (rows.length === 0) {
      $("alerts-table").replaceChildren(element("p", {className: "note", text: t("noAlerts")}));
      state.tables.alerts = {name: "alerts", columns: [], rows: []};
      return;
    }
    renderTable("alerts", [
      {key: "day", label: t("day")}, {key: "kind", label: t("kind")}, {key: "subject", label: t("subject")},
      {key: "cause", label: t("cause")}
    ], rows, null);
  }

  // ------------------------------------------------------------------ tables, sorting, CSV

  /** Draws a sortable table into #id-table; returns the rows in the order shown. */
  function renderTable(id, columns, rows, defaultSort) {
    const sort = state.sorts[id] || defaultSort;
    const sorted = [...rows];
    if (sort) {
      const column = columns.find((c) => c.key === sort.key);
      if (column) {
        sorted.sort((a, b) => compare(a[sort.key], b[sort.key]) * (sort.descending ? -1 : 1));
      }
    }
    state.tables[id] = {name: id, columns, rows: sorted};
    const head = element("tr", {}, columns.map((column) => {
      const button = element("button", {type: "button", text: column.label, title: t("sortBy") + " " + column.label});
      button.addEventListener("click", () => {
        const current = state.sorts[id] || defaultSort;
        const descending = current && current.key === column.key ? !current.descending : column.num === true;
        state.sorts[id] = {key: column.key, descending};
        render();
      });
      const attributes = {scope: "col", "data-key": column.key, className: column.num ? "num" : ""};
      if (sort && sort.key === column.key) {
        attributes["aria-sort"] = sort.descending ? "descending" : "ascending";
      }
      return element("th", attributes, [button]);
    }));
    const body = sorted.map((row) => element("tr", {}, columns.map((column) =>
      element("td", {className: column.num ? "num" : "", "data-key": column.key,
        text: column.format ? column.format(row) : String(row[column.key] ?? "")}))));
    $(id + "-table").replaceChildren(element("table", {id: id + "-grid"}, [
      element("thead", {}, [head]), element("tbody", {}, body)]));
    return sorted;
  }

  function compare(a, b) {
    if (a === b) {
      return 0;
    }
    if (a === null || a === undefined) {
      return -1;
    }
    if (b === null || b === undefined) {
      return 1;
    }
    return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b),
      I18n.language === "zh" ? "zh-CN" : "en");
  }

  function highlightRow(id, index) {
    const rows = document.querySelectorAll("#" + id + "-table tbody tr");
    rows.forEach((row, i) => row.classList.toggle("selected", i === index));
    if (rows[index]) {
      rows[index].scrollIntoView({block: "nearest"});
    }
  }

  function csvCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n\r]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function exportCsv(id) {
    const table = state.tables[id];
    if (!table || !state.data) {
      return;
    }
    const lines = [table.columns.map((c) => csvCell(c.label)).join(",")];
    for (const row of table.rows) {
      lines.push(table.columns.map((c) => csvCell(c.csv ? c.csv(row, c.key) : row[c.key])).join(","));
    }
    // A byte order mark so that spreadsheet programs read the Chinese labels as UTF-8.
    const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    const link = element("a", {href: URL.createObjectURL(blob),
      download: "tongbao-" + table.name + "-" + state.data.targets.asOf + ".csv"});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  // ------------------------------------------------------------------ start

  function start() {
    I18n.set(I18n.initial());
    translateStatic();
    $("language").addEventListener("change", (event) => {
      I18n.set(event.target.value);
      render();
    });
    $("sign-in-form").addEventListener("submit", (event) => {
      event.preventDefault();
      signIn($("token").value.trim());
    });
    $("sign-out").addEventListener("click", () => signOut(""));
    for (const [id, key] of [["drill-metric", "metric"], ["drill-dimension", "dimension"], ["drill-period", "period"]]) {
      $(id).addEventListener("change", (event) => {
        state.drill[key] = event.target.value;
        refresh();
      });
    }
    for (const button of document.querySelectorAll("button[data-csv]")) {
      button.addEventListener("click", () => exportCsv(button.dataset.csv));
    }
    window.addEventListener("resize", () => Object.values(state.charts).forEach((chart) => chart.resize()));
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) {
      signIn(saved);
    } else {
      document.body.dataset.state = "signed-out";
      $("token").focus();
    }
  }

  start();
})();
