// "Made with AI": shown on posts with generated media; the prompt and model open on demand.
import { useState } from "react";
import type { Status } from "../api/types.ts";
import { RemixButton } from "./ai/remix.tsx";
import { Icon } from "./icons.tsx";

export function AiLabel({ status }: { status: Status }) {
  const [open, setOpen] = useState(false);
  const generations = status.media_attachments
    .map((m) => m.meta?.generation)
    .filter((g): g is NonNullable<typeof g> => Boolean(g));
  if (!status.ai_generated && !generations.length) return null;
  return (
    <div className="ai-label">
      <button type="button" className="chip" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="sparkle" size={14} /> Made with AI
      </button>
      <RemixButton status={status} />
      {open ? (
        <div className="ai-details">
          {generations.length ? (
            generations.map((g, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one entry per attachment, in order
              <dl key={i}>
                {g.prompt ? (
                  <>
                    <dt>Prompt</dt>
                    <dd>{g.prompt}</dd>
                  </>
                ) : null}
                {g.model ? (
                  <>
                    <dt>Model</dt>
                    <dd>
                      {g.provider && !g.model.includes(":") ? `${g.provider}:${g.model}` : g.model}
                      {g.provider === "builtin" || g.model.startsWith("builtin:")
                        ? " (Atelier's built-in engine)"
                        : ""}
                    </dd>
                  </>
                ) : null}
              </dl>
            ))
          ) : (
            <p>This post contains media made with generative AI.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
