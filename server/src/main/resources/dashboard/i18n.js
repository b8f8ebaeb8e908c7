/*
 * Tongbao pilot dashboard: words in Chinese and English, and numbers with the grouping and
 * units each reader expects (亿 / 万 in Chinese; billion / million in English).
 * Loaded before dashboard.js; defines the global TongbaoI18n.
 */
"use strict";

const TongbaoI18n = (() => {
  const WORDS = {
    en: {
      title: "e-CNY pilot dashboard",
      skip: "Skip to content",
      language: "Language",
      signIn: "Sign in",
      signOut: "Sign out",
      token: "API token",
      tokenHint: "A city-admin token (tongbao token create --role city-admin) is enough.",
      signInRefused: "The token was refused. Check it and try again.",
      signInForbidden: "This token's role may not read the KPI figures.",
      signedOutExpired: "The token is no longer accepted; sign in again.",
      asOf: "Figures as of",
      updated: "updated",
      refreshFailed: "Refresh failed; retrying in 5 s",
      targets: "Targets",
      actual: "Actual",
      ofTarget: "of target",
      target: "Target",
      percent: "% of target",
      pace: "Linear pace today",
      required: "Required daily rate",
      forecast: "Forecast at deadline",
      deadline: "Deadline",
      status: "Status",
      drillDown: "Drill down",
      volumeCurve: "Transaction volume through the year",
      cumulative: "Cumulative volume",
      linearPace: "Linear pace",
      forecastLine: "Forecast",
      forecastBand: "Forecast range",
      today: "Today",
      date: "Date",
      daily: "Daily volume",
      drill: "Drill-down",
      metric: "Metric",
      dimension: "Dimension",
      period: "Period",
      value: "Value",
      share: "Share",
      growth: "Growth vs previous period",
      total: "Total",
      incentives: "Incentives",
      incentivesNote: "This year to date, all campaigns together.",
      campaigns: "Incentives by campaign",
      campaignsNote: "This year to date, per campaign (named by its id). Sales per incentive yuan = merchant sales driven ÷ incentives spent. The chart shows the 12 campaigns with the most granted; the table has every one.",
      figure: "Figure",
      loans: "SME loans",
      bySize: "Disbursed by enterprise size",
      bySector: "Disbursed by sector",
      overdueRatio: "Overdue ratio",
      outstanding: "Outstanding",
      overdue: "Overdue",
      fintech: "Fintech enterprises",
      fintechTarget: "Target",
      sector: "Sector",
      count: "Count",
      alerts: "Alerts",
      noAlerts: "No alerts.",
      day: "Day",
      kind: "Kind",
      subject: "Subject",
      cause: "Cause",
      csv: "Export CSV",
      sortBy: "Sort by",
      none: "none",
      other: "other",
      perYuan: "per yuan",
      currency: "CNY",
      "period.MONTH": "Month to date",
      "period.QUARTER": "Quarter to date",
      "period.YEAR": "Year to date",
      "dimension.district": "District",
      "dimension.category": "Merchant category",
      "dimension.tier": "Wallet tier",
      "dimension.operator": "Operator bank",
      "dimension.size": "Enterprise size",
      "dimension.campaign": "Campaign",
      "status.ACHIEVED": "achieved",
      "status.AHEAD": "ahead",
      "status.ON_PACE": "on pace",
      "status.BEHIND": "behind",
      "status.AT_RISK": "at risk",
      "method.holt-winters": "Holt-Winters",
      "method.run-rate": "run rate",
      "metric.TRANSACTION_VOLUME": "Transaction volume",
      "metric.TRANSACTION_COUNT": "Transactions",
      "metric.ACTIVE_WALLETS": "Active wallets",
      "metric.WALLETS_OPENED": "Wallets opened",
      "metric.BUSINESSES_TRANSACTING": "Businesses transacting",
      "metric.SME_LOANS_DISBURSED": "SME loans disbursed",
      "metric.FINTECH_ENTERPRISES": "Fintech enterprises",
      "metric.INCENTIVES_GRANTED": "Incentives granted",
      "metric.INCENTIVES_SPENT": "Incentives spent",
      "metric.INCENTIVES_EXPIRED": "Incentives expired",
      "metric.INCENTIVES_RETURNED": "Incentives returned",
      "metric.MERCHANT_SALES_DRIVEN": "Merchant sales driven",
      "metric.SALES_PER_INCENTIVE_YUAN": "Sales per incentive yuan",
      "alert.STATUS_WORSENED": "target status worsened",
      "alert.THRESHOLD_CROSSED": "threshold crossed",
      "alert.DISTRICT_SHARE_LAGS": "district share lags"
    },
    zh: {
      title: "数字人民币试点看板",
      skip: "跳到正文",
      language: "语言",
      signIn: "登录",
      signOut: "退出",
      token: "API 令牌",
      tokenHint: "城市管理员令牌即可（tongbao token create --role city-admin）。",
      signInRefused: "令牌被拒绝，请检查后重试。",
      signInForbidden: "此令牌的角色无权读取指标数据。",
      signedOutExpired: "令牌已失效，请重新登录。",
      asOf: "数据截至",
      updated: "更新于",
      refreshFailed: "刷新失败，5 秒后重试",
      targets: "目标",
      actual: "实际",
      ofTarget: "目标",
      target: "目标",
      percent: "完成率",
      pace: "今日线性进度",
      required: "所需日均",
      forecast: "截止日预测",
      deadline: "截止日",
      status: "状态",
      drillDown: "下钻",
      volumeCurve: "全年交易额走势",
      cumulative: "累计交易额",
      linearPace: "线性进度",
      forecastLine: "预测",
      forecastBand: "预测区间",
      today: "今日",
      date: "日期",
      daily: "当日交易额",
      drill: "下钻分析",
      metric: "指标",
      dimension: "维度",
      period: "期间",
      value: "数值",
      share: "占比",
      growth: "较上期增长",
      total: "合计",
      incentives: "消费激励",
      incentivesNote: "本年累计，全部活动合计。",
      campaigns: "按活动的消费激励",
      campaignsNote: "本年累计，按活动（以活动编号标识）。每元激励带动销售 = 带动商户销售 ÷ 激励使用。图表显示发放最多的 12 个活动，表格列出全部活动。",
      figure: "项目",
      loans: "中小企业贷款",
      bySize: "按企业规模发放",
      bySector: "按行业发放",
      overdueRatio: "逾期率",
      outstanding: "贷款余额",
      overdue: "逾期金额",
      fintech: "金融科技企业",
      fintechTarget: "目标",
      sector: "领域",
      count: "数量",
      alerts: "预警",
      noAlerts: "暂无预警。",
      day: "日期",
      kind: "类型",
      subject: "对象",
      cause: "原因",
      csv: "导出 CSV",
      sortBy: "排序：",
      none: "无",
      other: "其他",
      perYuan: "每元",
      currency: "元",
      "period.MONTH": "本月累计",
      "period.QUARTER": "本季累计",
      "period.YEAR": "本年累计",
      "dimension.district": "区县",
      "dimension.category": "商户类别",
      "dimension.tier": "钱包等级",
      "dimension.operator": "运营机构",
      "dimension.size": "企业规模",
      "dimension.campaign": "激励活动",
      "status.ACHIEVED": "已达成",
      "status.AHEAD": "领先",
      "status.ON_PACE": "符合进度",
      "status.BEHIND": "落后",
      "status.AT_RISK": "有风险",
      "method.holt-winters": "Holt-Winters",
      "method.run-rate": "当前速率",
      "metric.TRANSACTION_VOLUME": "交易额",
      "metric.TRANSACTION_COUNT": "交易笔数",
      "metric.ACTIVE_WALLETS": "活跃钱包",
      "metric.WALLETS_OPENED": "新开钱包",
      "metric.BUSINESSES_TRANSACTING": "交易企业及机关",
      "metric.SME_LOANS_DISBURSED": "中小企业贷款发放",
      "metric.FINTECH_ENTERPRISES": "金融科技企业",
      "metric.INCENTIVES_GRANTED": "激励发放",
      "metric.INCENTIVES_SPENT": "激励使用",
      "metric.INCENTIVES_EXPIRED": "激励过期",
      "metric.INCENTIVES_RETURNED": "激励退回",
      "metric.MERCHANT_SALES_DRIVEN": "带动商户销售",
      "metric.SALES_PER_INCENTIVE_YUAN": "每元激励带动销售",
      "alert.STATUS_WORSENED": "目标状态恶化",
      "alert.THRESHOLD_CROSSED": "超过阈值",
      "alert.DISTRICT_SHARE_LAGS": "区县占比落后"
    }
  };

  /** Names the API returns (districts, sizes, sectors...) as a Chinese reader knows them. */
  const LABELS_ZH = {
    "Gusu": "姑苏区", "Huqiu": "虎丘区", "Wuzhong": "吴中区", "Xiangcheng": "相城区", "Wujiang": "吴江区",
    "Suzhou Industrial Park": "苏州工业园区", "Changshu": "常熟市", "Zhangjiagang": "张家港市", "Kunshan": "昆山市",
    "Taicang": "太仓市", "micro": "微型", "small": "小型", "medium": "中型", "large": "大型",
    "manufacturing": "制造业", "retail": "零售业", "wholesale": "批发业", "logistics": "物流业",
    "information technology": "信息技术", "construction": "建筑业", "hospitality": "住宿餐饮",
    "agriculture": "农业", "finance": "金融业", "services": "服务业", "AI": "人工智能", "data": "数据",
    "cloud computing": "云计算", "blockchain": "区块链", "machine learning": "机器学习",
    "pharmacies": "药店", "groceries": "超市", "restaurants": "餐饮", "fuel": "加油站", "local transport": "公共交通",
    "schools": "学校", "utilities": "公用事业", "department stores": "百货", "hospitals": "医院"
  };

  const TIERS_ZH = ["", "一类钱包", "二类钱包", "三类钱包", "四类钱包"];

  let language = "en";

  function initial() {
    const saved = sessionStorage.getItem("tongbao.language");
    if (saved === "zh" || saved === "en") {
      return saved;
    }
    const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    return preferred.toLowerCase().startsWith("zh") ? "zh" : "en";
  }

  function set(next) {
    language = next === "zh" ? "zh" : "en";
    sessionStorage.setItem("tongbao.language", language);
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  }

  function t(key) {
    const word = WORDS[language][key];
    return word !== undefined ? word : (WORDS.en[key] !== undefined ? WORDS.en[key] : key);
  }

  /** A dimension value's label from the API, in the reader's language. */
  function label(text) {
    if (text === "none" || text === "other") {
      return t(text);
    }
    if (language !== "zh") {
      return text;
    }
    const tier = /^tier (\d)$/.exec(text);
    if (tier && TIERS_ZH[Number(tier[1])]) {
      return TIERS_ZH[Number(tier[1])];
    }
    const category = /^(\d{4}) (.+)$/.exec(text);
    if (category && LABELS_ZH[category[2]]) {
      return category[1] + " " + LABELS_ZH[category[2]];
    }
    const operator = /^operator (\d+)$/.exec(text);
    if (operator) {
      return "运营机构 " + operator[1];
    }
    const campaign = /^campaign (\d+)$/.exec(text);
    if (campaign) {
      return "活动 " + campaign[1];
    }
    return LABELS_ZH[text] || text;
  }

  function grouped(value, fractionDigitsMax, fractionDigitsMin) {
    return new Intl.NumberFormat(language === "zh" ? "zh-CN" : "en-US",
      {maximumFractionDigits: fractionDigitsMax, minimumFractionDigits: fractionDigitsMin || 0}).format(value);
  }

  /**
   * A number with the reader's units: 1.23亿, 4,567.89万 in Chinese; 1.23 billion, 45.68 million
   * in English; smaller numbers grouped whole (two decimals below 100).
   */
  function number(value) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return "—";
    }
    const size = Math.abs(value);
    const steps = language === "zh"
      ? [[1e12, "万亿"], [1e8, "亿"], [1e4, "万"]]
      : [[1e12, " trillion"], [1e9, " billion"], [1e6, " million"]];
    for (const [step, unit] of steps) {
      if (size >= step) {
        return grouped(value / step, 2, 2) + unit;
      }
    }
    return grouped(value, size < 100 ? 2 : 0);
  }

  /** A chart axis tick: the same units, at most one decimal, no trailing zeros ("1.5亿", "100 million"). */
  function axis(value) {
    const size = Math.abs(value);
    const steps = language === "zh" ? [[1e12, "万亿"], [1e8, "亿"], [1e4, "万"]]
      : [[1e12, " trillion"], [1e9, " billion"], [1e6, " million"]];
    for (const [step, unit] of steps) {
      if (size >= step) {
        return grouped(value / step, 1) + unit;
      }
    }
    return grouped(value, size < 10 ? 1 : 0);
  }

  /** An amount of fen as yuan with units: "2.92亿元", "CNY 291.81 million". */
  function money(fen) {
    if (fen === null || fen === undefined) {
      return "—";
    }
    const text = number(fen / 100);
    return language === "zh" ? text + "元" : "CNY " + text;
  }

  /** A figure in its API unit: fen, count or ratio. */
  function figure(value, unit) {
    if (unit === "fen") {
      return money(value);
    }
    if (unit === "ratio") {
      return value === null || value === undefined ? "—" : grouped(value, 2);
    }
    return number(value);
  }

  function percent(value, digits) {
    if (value === null || value === undefined || !Number.isFinite(value)) {
      return "—";
    }
    return value.toFixed(digits === undefined ? 1 : digits) + "%";
  }

  return {set, initial, t, label, number, axis, money, figure, percent, get language() { return language; }};
})();
