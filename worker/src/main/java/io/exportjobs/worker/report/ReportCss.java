package io.exportjobs.worker.report;

/**
 * The HTML report's style sheet, inlined in the document: colour-blind-safe outcome colours, a
 * layout that narrows to one column, and print rules for A4.
 */
final class ReportCss {

  private ReportCss() {}

  static final String CSS =
      """
      :root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#eef1f4;--bg:#f6f8fa;\
      --success:#0072B2;--failure:#D55E00;--denied:#E69F00}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%}
      body{margin:0;background:var(--bg);color:var(--fg);\
      font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",\
      "Liberation Sans",sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
      .page{max-width:1120px;margin:0 auto;padding:32px 28px 40px}
      .eyebrow{margin:0;text-transform:uppercase;font-size:12px;letter-spacing:.08em;\
      color:var(--muted);font-weight:600}
      h1{font-size:28px;line-height:1.25;font-weight:650;margin:2px 0 0;letter-spacing:-.01em;\
      overflow-wrap:anywhere}
      h2{font-size:16px;line-height:1.3;margin:0;font-weight:650}
      .sub{color:var(--muted);font-size:13px;margin:2px 0 12px}
      dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 20px;margin:16px 0 0}
      dl.meta dt{color:var(--muted)}
      dl.meta dd{margin:0;overflow-wrap:anywhere}
      .kpis{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;margin:24px 0 16px}
      .kpi{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;\
      border-top-width:3px}
      .kpi.total{border-top-color:var(--fg)}
      .kpi.success{border-top-color:var(--success)}
      .kpi.failure{border-top-color:var(--failure)}
      .kpi.denied{border-top-color:var(--denied)}
      .kpi.keys{border-top-color:var(--line)}
      .kpi .label{font-size:12px;color:var(--muted);font-weight:600}
      .kpi .value{font-size:24px;line-height:1.3;font-weight:650;font-variant-numeric:tabular-nums}
      .kpi .note{font-size:12px;color:var(--muted);font-variant-numeric:tabular-nums}
      .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px 14px;\
      margin:0 0 16px;break-inside:avoid}
      .card-head{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;\
      flex-wrap:wrap}
      .grid2{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
      .grid2 .card{margin:0 0 16px}
      .legend{display:flex;gap:16px;margin:0;padding:0;list-style:none;font-size:13px}
      .legend li{display:flex;align-items:center;gap:6px}
      svg.chart{display:block;width:100%;height:auto;overflow:visible}
      svg.chart.bars{overflow:hidden}
      svg.chart text{font-family:inherit;font-size:12px;fill:var(--muted);\
      font-variant-numeric:tabular-nums}
      svg.chart text.label{fill:var(--fg)}
      svg.chart text.value{fill:var(--fg);font-weight:600}
      svg.chart text.axis-title{font-weight:600}
      svg.chart text.empty{font-size:14px}
      table{width:100%;border-collapse:collapse;font-size:13px}
      th{text-align:left;font-weight:600;color:var(--muted);border-bottom:1px solid var(--line);\
      padding:6px 10px;white-space:nowrap}
      td{border-bottom:1px solid var(--soft);padding:6px 10px;vertical-align:top}
      tbody tr:nth-child(even){background:#fafbfc}
      th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",\
      monospace;font-size:12px}
      .wrap{overflow-wrap:anywhere}
      .badge{display:inline-flex;align-items:center;gap:5px;font-size:12px;font-weight:600;\
      white-space:nowrap}
      .note-row{color:var(--muted);font-size:13px;margin:10px 0 0}
      .none{color:var(--muted);margin:8px 0 4px}
      footer{color:var(--muted);font-size:12px;margin-top:8px;border-top:1px solid var(--line);\
      padding-top:12px}
      footer p{margin:2px 0}
      @media (max-width:820px){.kpis{grid-template-columns:repeat(3,minmax(0,1fr))}\
      .grid2{grid-template-columns:1fr}svg.chart.bars{max-width:560px}}
      @page{size:A4;margin:14mm 12mm}
      @media print{body{background:#fff;font-size:11px}.page{max-width:none;padding:0}\
      .kpi,.card{border-color:#c8ced4}.card{padding:10px 12px}\
      .kpis{grid-template-columns:repeat(6,minmax(0,1fr));gap:8px}.kpi .value{font-size:18px}\
      .grid2{grid-template-columns:1fr}svg.chart.bars{max-width:560px}\
      thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}\
      .card.table{break-inside:auto}}
      """;
}
