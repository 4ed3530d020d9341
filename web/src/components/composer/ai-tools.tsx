// The composer's AI tools: "Create image" (or a remix, when the composer was opened by "Remix")
// and "Improve". Each opens a panel under the toolbar; "Describe" lives in the alt-text editor
// (describe-button.tsx).
import { useState } from "react";
import type { MediaAttachment } from "../../api/types.ts";
import { Icon } from "../icons.tsx";
import { CreateImage, type RemixSource } from "./create-image.tsx";
import { ImproveText } from "./improve-text.tsx";
import type { Upload } from "./uploads.ts";

export interface AiToolsProps {
  text: string;
  setText: (text: string) => void;
  attachments: MediaAttachment[];
  addAttachment: (media: MediaAttachment, aiNote?: Upload["aiNote"]) => void;
  /** How many more images the post can take. */
  room: number;
  remix?: RemixSource | undefined;
  disabled: boolean;
}

type Panel = "image" | "improve" | null;

/** The toolbar buttons; the open panel renders through `renderPanel` below the toolbar. */
export function useAiTools(props: AiToolsProps) {
  const [panel, setPanel] = useState<Panel>(props.remix ? "image" : null);
  const toggle = (next: Panel) => setPanel(panel === next ? null : next);
  const buttons = (
    <>
      <button
        type="button"
        className={`tool${panel === "image" ? " active" : ""}`}
        aria-expanded={panel === "image"}
        disabled={props.disabled || (props.room <= 0 && panel !== "image")}
        onClick={() => toggle("image")}
      >
        <Icon name="sparkle" />
        <span className="tool-label">{props.remix ? "Remix" : "Create image"}</span>
      </button>
      <button
        type="button"
        className={`tool${panel === "improve" ? " active" : ""}`}
        aria-expanded={panel === "improve"}
        disabled={props.disabled || (!props.text.trim() && panel !== "improve")}
        onClick={() => toggle("improve")}
      >
        <Icon name="pen" />
        <span className="tool-label">Improve</span>
      </button>
    </>
  );
  const content =
    panel === "image" ? (
      <CreateImage
        room={props.room}
        remix={props.remix}
        onAttach={props.addAttachment}
        onClose={() => setPanel(null)}
      />
    ) : panel === "improve" ? (
      <ImproveText text={props.text} setText={props.setText} onClose={() => setPanel(null)} />
    ) : null;
  return { buttons, panel: content };
}
