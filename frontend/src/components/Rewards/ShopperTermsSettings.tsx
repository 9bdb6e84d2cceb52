import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { useViewer } from "../../hooks/useAuth";
import { describeError } from "../../lib/graphql/errors";
import { ShopperTermsQuery, UpdateShopperTermsMutation } from "../../lib/graphql/rewards";
import { rateInput, rateText, windowInput } from "../../lib/points";
import dash from "../Dashboard/Dashboard.module.css";
import { Skeleton } from "../Feedback/Skeleton";
import { Button } from "../Form/Button";
import { FormAlert, FormSuccess, TextField } from "../Form/Field";

/**
 * What the shopper channel pays: the points rate (percent of the net sale; 0 turns the channel
 * off) and how many days points stay pending while returns may come in.
 */
export function ShopperTermsSettings() {
  // Brands see their own channel; an admin's Reports page has no one brand to show.
  return useViewer().role === "BRAND" ? <ShopperTermsSettingsBody /> : null;
}

function ShopperTermsSettingsBody() {
  const [{ data, fetching, error }] = useQuery({ query: ShopperTermsQuery });
  const [{ fetching: saving }, save] = useMutation(UpdateShopperTermsMutation);
  const settings = data?.brandSettings ?? null;
  const [rate, setRate] = useState("");
  const [days, setDays] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!settings) return;
    setRate(String(settings.shopperPointsRateBps / 100));
    setDays(String(settings.shopperReturnWindowDays));
  }, [settings]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    if (!settings) return;
    const parsedRate = rateInput(rate);
    const parsedDays = windowInput(days);
    const found = [parsedRate, parsedDays].flatMap((p) => ("problem" in p ? [p.problem] : []));
    if ("problem" in parsedRate || "problem" in parsedDays) {
      setProblems(found);
      return;
    }
    // The settings mutation sets the baseline and currency too: they are sent back unchanged.
    const result = await save({
      input: {
        currency: settings.currency ?? "USD",
        baselineCacMinor: settings.baselineCac?.amountMinor ?? null,
        shopperPointsRateBps: parsedRate.basisPoints,
        shopperReturnWindowDays: parsedDays.days,
      },
    });
    const payload = result.data?.updateBrandSettings;
    if (!payload) {
      setProblems([result.error ? describeError(result.error).message : "Nothing was saved. Try again."]);
      return;
    }
    if (payload.errors.length > 0) {
      setProblems(payload.errors.map((e) => e.message));
      return;
    }
    setProblems([]);
    const stored = payload.settings;
    setSaved(
      stored && stored.shopperPointsRateBps > 0
        ? `Saved: shoppers earn ${rateText(stored.shopperPointsRateBps)} in points, available after ${stored.shopperReturnWindowDays} days.`
        : "Saved: the shopper channel is off; new orders through shoppers' looks earn no points.",
    );
  }

  return (
    <section className={dash.panel} aria-labelledby="shopper-terms-title" data-testid="shopper-terms">
      <div className={dash.panelHead}>
        <h2 id="shopper-terms-title" className={dash.panelTitle}>
          Report settings: shopper points
        </h2>
        {settings ? (
          <span className={`${dash.small} ${dash.muted}`}>{settings.shopperPointsRateBps > 0 ? `Now ${rateText(settings.shopperPointsRateBps)}` : "Off"}</span>
        ) : null}
      </div>
      <p className={dash.panelText}>
        The share of the net sale a shopper earns in points when someone buys through their tagged look (1 point = 1 cent of store credit, or the smallest unit of the order's currency). 0 turns the
        channel off. Points stay pending for the return window; a return inside it takes them back.
      </p>
      {fetching && !data ? (
        <Skeleton height={64} />
      ) : error && !data ? (
        <p className={dash.muted}>{describeError(error).message}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className={dash.row} style={{ alignItems: "flex-end", flexWrap: "wrap", gap: 12 }} noValidate>
          <div style={{ minWidth: 120, flex: "0 1 160px" }}>
            <TextField label="Points rate (%)" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
          </div>
          <div style={{ minWidth: 120, flex: "0 1 180px" }}>
            <TextField label="Return window (days)" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
          </div>
          <div style={{ paddingBottom: 2 }}>
            <Button type="submit" busy={saving}>
              Save
            </Button>
          </div>
        </form>
      )}
      <FormAlert messages={problems} />
      {saved ? <FormSuccess>{saved}</FormSuccess> : null}
    </section>
  );
}
