import type { GradeReport } from "../../lib/graphql/suppliers";
import { formatMoney } from "../../lib/money";
import { formatEffect, formatKpi } from "../../lib/suppliers";
import dash from "../Dashboard/Dashboard.module.css";
import { Stat, Stats } from "../Dashboard/Stat";
import styles from "./Suppliers.module.css";

/** The KPIs behind a grade, as headline figures. */
export function KpiStats({ report, currency }: { report: GradeReport; currency: string }) {
  const k = report.kpis;
  return (
    <Stats label="Key figures over the grading window">
      <Stat label="On time" value={formatKpi("onTimeRate", k.onTimeRate)} note={`${k.onTime} of ${k.due} orders`} />
      <Stat label="Defects" value={formatKpi("defectRate", k.defectRate)} note={`${k.defects} of ${k.piecesReceived} pieces`} />
      <Stat label="Fill rate" value={formatKpi("fillRate", k.fillRate)} />
      <Stat label="Lead time" value={formatKpi("leadDaysMean", k.leadDaysMean)} note={`p90 ${formatKpi("leadDaysP90", k.leadDaysP90)}`} />
      <Stat label="Accepts in" value={formatKpi("acceptanceHoursMean", k.acceptanceHoursMean)} />
      <Stat label="Cost index" value={formatKpi("costIndex", k.costIndex)} note="1.00 = category mean" />
      <Stat label="Purchases" value={formatMoney(k.purchaseAmountMinor, currency)} note={`${k.orders} orders`} />
    </Stats>
  );
}

function effectClass(effect: number): string | undefined {
  if (formatEffect(effect) === "±0") return styles.effectFlat;
  return effect > 0 ? styles.effectUp : styles.effectDown;
}

/** How much each KPI moved the grade (against a supplier with no history), largest first. */
export function GradeComponents({ report }: { report: GradeReport }) {
  const components = [...report.components].sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  return (
    <ul className={styles.components} aria-label="What moved the grade">
      {components.map((c) => (
        <li key={c.name} className={styles.component} data-component={c.name}>
          <span>
            {c.label} <span className={`${dash.small} ${dash.muted}`}>{formatKpi(c.name, c.raw)}</span>
          </span>
          <span className={`${dash.small} ${dash.muted}`}>weight {Math.round(c.weight * 100)}%</span>
          <span className={effectClass(c.effect)} title="Points of the score this KPI moved">
            {formatEffect(c.effect)}
          </span>
          <span className={styles.bar} aria-hidden="true">
            <span style={{ width: `${Math.round(Math.max(0, Math.min(1, c.score)) * 100)}%` }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Why the grade is what it is, and what would raise it. */
export function GradeReasons({ report }: { report: GradeReport }) {
  return (
    <div style={{ display: "grid", gap: 14 }}>
      {report.reasons.length > 0 ? (
        <div>
          <h3 className={dash.small} style={{ margin: "0 0 6px" }}>
            Why {report.grade}
          </h3>
          <ul className={styles.list} aria-label="Why this grade">
            {report.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {report.nextGrade ? (
        <div>
          <h3 className={dash.small} style={{ margin: "0 0 6px" }}>
            To reach {report.nextGrade}
          </h3>
          {report.improvements.length > 0 ? (
            <ul className={styles.list} aria-label={`How to reach ${report.nextGrade}`}>
              {report.improvements.map((step) => (
                <li key={`${step.component}-${step.message}`}>{step.message}</li>
              ))}
            </ul>
          ) : (
            <p className={`${dash.small} ${dash.muted}`}>Keep the current figures up over more orders.</p>
          )}
        </div>
      ) : (
        <p className={`${dash.small} ${dash.muted}`}>The best grade there is: keep it up.</p>
      )}
    </div>
  );
}
