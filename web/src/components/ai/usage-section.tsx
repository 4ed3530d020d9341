// Settings → "AI usage": what this person used in the last 30 days, per model (requests, images,
// tokens, estimated cost), and today's image quota.
import { useEffect, useState } from "react";
import { getUsage, modelLabel, type Usage, type UsageRow } from "../../api/ai.ts";
import { FormError } from "../form-error.tsx";

interface ModelTotal {
  model: string;
  requests: number;
  images: number;
  tokens: number;
  cost: number;
}

function totalsByModel(rows: UsageRow[]): ModelTotal[] {
  const byModel = new Map<string, ModelTotal>();
  for (const r of rows) {
    const t = byModel.get(r.model) ?? { model: r.model, requests: 0, images: 0, tokens: 0, cost: 0 };
    t.requests += r.requests;
    t.images += r.images;
    t.tokens += r.input_tokens + r.output_tokens;
    t.cost += r.estimated_cost_usd;
    byModel.set(r.model, t);
  }
  return [...byModel.values()].sort((a, b) => b.requests - a.requests);
}

const number = new Intl.NumberFormat();
const money = (usd: number) => (usd === 0 ? "free" : `$${usd.toFixed(usd < 0.01 ? 4 : 2)}`);

export function AiUsageSection() {
  const [usage, setUsage] = useState<Usage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getUsage()
      .then(setUsage)
      .catch((err: Error) => setError(err.message));
  }, []);

  const totals = usage ? totalsByModel(usage.usage) : [];
  const sum = totals.reduce(
    (a, t) => ({
      requests: a.requests + t.requests,
      images: a.images + t.images,
      tokens: a.tokens + t.tokens,
      cost: a.cost + t.cost,
    }),
    { requests: 0, images: 0, tokens: 0, cost: 0 },
  );
  return (
    <section aria-labelledby="ai-usage-title" className="ai-usage">
      <h2 id="ai-usage-title">AI usage</h2>
      <FormError message={error} />
      {!usage && !error ? <p className="empty">Loading your usage…</p> : null}
      {usage ? (
        <>
          <p>
            Images today: <strong>{usage.images_today}</strong>
            {usage.images_per_day ? ` of ${usage.images_per_day}` : ""} (the count resets{" "}
            {new Date(usage.resets_at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}).
          </p>
          {totals.length === 0 ? (
            <p className="empty">You haven't used the AI tools in the last 30 days.</p>
          ) : (
            <div className="table-scroll">
              <table className="usage-table">
                <caption>Last 30 days, per model</caption>
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col">Requests</th>
                    <th scope="col">Images</th>
                    <th scope="col">Tokens</th>
                    <th scope="col">Est. cost</th>
                  </tr>
                </thead>
                <tbody>
                  {totals.map((t) => (
                    <tr key={t.model}>
                      <th scope="row">
                        {/* A line may break after the provider, never inside a name. */}
                        {t.model
                          .split(":")
                          .flatMap((part, i) => (i ? [":", <wbr key={part} />, part] : [part]))}
                        {t.model.startsWith("builtin:") ? (
                          <small>{modelLabel(t.model).replace(/^the /, "")}</small>
                        ) : null}
                      </th>
                      <td>{number.format(t.requests)}</td>
                      <td>{number.format(t.images)}</td>
                      <td>{number.format(t.tokens)}</td>
                      <td>{money(t.cost)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td>{number.format(sum.requests)}</td>
                    <td>{number.format(sum.images)}</td>
                    <td>{number.format(sum.tokens)}</td>
                    <td>{money(sum.cost)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
