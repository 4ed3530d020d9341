// Apps the assistant may use (MCP servers the admin registered): each person turns them on or off.
import { useEffect, useState } from "react";
import { type AiApp, listApps, setAppEnabled } from "../../api/ai.ts";
import { toast } from "../../hooks/toasts.tsx";

export function AppPicker() {
  const [apps, setApps] = useState<AiApp[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listApps()
      .then(setApps)
      .catch((err: Error) => setError(err.message));
  }, []);

  const toggle = async (app: AiApp) => {
    const put = (next: AiApp) => setApps((list) => list?.map((a) => (a.id === app.id ? next : a)) ?? null);
    put({ ...app, enabled: !app.enabled }); // at once; rolled back if the server says no
    try {
      const updated = await setAppEnabled(app.id, !app.enabled);
      put(updated);
      toast(`${app.title || app.name} is ${updated.enabled ? "on" : "off"} for the assistant`);
    } catch (err) {
      put(app);
      toast(`Couldn't change ${app.title || app.name}: ${(err as Error).message}`, "error");
    }
  };

  return (
    <details className="app-picker">
      <summary>Apps{apps ? ` (${apps.filter((a) => a.enabled).length} on)` : ""}</summary>
      {error ? <p className="field-error">{error}</p> : null}
      {apps && apps.length === 0 ? (
        <p className="empty">No apps are installed on this server. An admin can add some.</p>
      ) : null}
      <ul>
        {apps?.map((app) => (
          <li key={app.id}>
            <label className="checkbox">
              <input type="checkbox" checked={app.enabled} onChange={() => toggle(app)} />
              <span>
                <strong>{app.title || app.name}</strong>
                {app.description ? <small> — {app.description}</small> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </details>
  );
}
