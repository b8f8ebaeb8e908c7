package org.tongbao.kpi.metric;

/** What a metric's numbers count. Money is always {@code long} fen; ratios are computed at query time only. */
public enum Unit {
    /** e-CNY fen (1 CNY = 100 fen). */
    FEN,
    /** A number of things (transactions, wallets, loans, enterprises). */
    COUNT,
    /** A quotient of two metrics, as a {@code double}, computed when asked (never stored). */
    RATIO
}
