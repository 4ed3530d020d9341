// Post content and bios arrive as HTML the server has already sanitized (a strict allowlist of
// p, br, a, span). It is inserted as markup, never evaluated; links inside are routed in-app.
import type { ElementType } from "react";

export function RenderedHtml({
  html,
  className,
  as = "div",
  lang,
}: {
  html: string;
  className?: string;
  as?: ElementType;
  lang?: string | null | undefined;
}) {
  const Tag = as;
  return (
    <Tag
      className={className}
      data-rendered-html=""
      lang={lang ?? undefined}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by the server's renderer (src/social/content.ts)
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
