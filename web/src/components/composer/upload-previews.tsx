// Thumbnails of attached images with upload progress, a remove button and the alt-text editor.
import { Icon } from "../icons.tsx";
import { DescribeButton, DescriptionNote } from "./describe-button.tsx";
import type { Upload } from "./uploads.ts";

export function UploadPreviews({
  uploads,
  onRemove,
  onDescribe,
  descriptionLimit,
}: {
  uploads: Upload[];
  onRemove: (key: string) => void;
  onDescribe: (key: string, description: string, aiNote?: Upload["aiNote"]) => void;
  descriptionLimit: number;
}) {
  if (!uploads.length) return null;
  return (
    <ul className="upload-previews">
      {uploads.map((u, i) => (
        <li key={u.key} className="upload">
          <div className="upload-thumb">
            <img src={u.preview} alt="" />
            {!u.media && !u.error ? (
              <progress max={1} value={u.progress} aria-label={`Uploading image ${i + 1}`} />
            ) : null}
            <button
              type="button"
              className="icon-button upload-remove"
              onClick={() => onRemove(u.key)}
              aria-label={`Remove image ${i + 1}`}
            >
              <Icon name="close" size={16} />
            </button>
          </div>
          {u.error ? (
            <p className="field-error" role="alert">
              {u.error}
            </p>
          ) : null}
          <div className="upload-alt-head">
            <label htmlFor={`alt-${u.key}`}>Alt text for image {i + 1}</label>
            <DescribeButton
              mediaId={u.media?.id}
              index={i}
              onDescribed={(description, note) => onDescribe(u.key, description, note)}
            />
          </div>
          <div className="upload-alt">
            <textarea
              id={`alt-${u.key}`}
              aria-describedby={u.aiNote ? `alt-note-${u.key}` : undefined}
              rows={2}
              maxLength={descriptionLimit}
              value={u.description}
              placeholder="Describe this image for people who can't see it"
              onChange={(event) => onDescribe(u.key, event.target.value)}
            />
          </div>
          {u.aiNote ? (
            <p id={`alt-note-${u.key}`} className="upload-alt-note">
              <DescriptionNote note={u.aiNote} />
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
