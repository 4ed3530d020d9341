// Images attached to a post: uploaded as soon as they are picked, dropped or pasted, with
// progress; the alt text is edited locally and saved to the server before the post is sent.
import { useCallback, useEffect, useRef, useState } from "react";
import { uploadWithProgress } from "../../api/client.ts";
import { updateMedia } from "../../api/statuses.ts";
import type { MediaAttachment } from "../../api/types.ts";

export interface Upload {
  key: string;
  preview: string;
  progress: number;
  media: MediaAttachment | null;
  error: string | null;
  description: string;
  /** The description the server has, to know what still needs saving. */
  savedDescription: string;
  /** Set when "Describe" wrote the alt text (a draft when the built-in engine guessed). */
  aiNote?: { model: string; draft: boolean } | undefined;
}

let counter = 0;

/** An attachment already on the server (a post being edited, a generated image). */
function fromServer(media: MediaAttachment): Upload {
  const description = media.description ?? "";
  return {
    key: `server-${media.id}`,
    preview: media.preview_url ?? media.url ?? "",
    progress: 1,
    media,
    error: null,
    description,
    savedDescription: description,
  };
}

export function useUploads(initial: MediaAttachment[], limit: number, accepted: string[]) {
  const [uploads, setUploads] = useState<Upload[]>(() => initial.map(fromServer));
  const uploadsRef = useRef(uploads);
  uploadsRef.current = uploads;
  const [notice, setNotice] = useState<string | null>(null);

  const patch = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const addFiles = useCallback(
    (files: File[]) => {
      setNotice(null);
      const room = limit - uploadsRef.current.length;
      const images = files.filter((f) => accepted.includes(f.type) || f.type.startsWith("image/"));
      if (images.length < files.length) setNotice("Only images can be attached.");
      if (images.length > room) setNotice(`A post can have at most ${limit} images.`);
      for (const file of images.slice(0, Math.max(0, room))) {
        const key = `new-${++counter}`;
        const upload: Upload = {
          key,
          preview: URL.createObjectURL(file),
          progress: 0,
          media: null,
          error: null,
          description: "",
          savedDescription: "",
        };
        setUploads((list) => [...list, upload]);
        const form = new FormData();
        form.append("file", file);
        uploadWithProgress<MediaAttachment>("/api/v2/media", form, (progress) => patch(key, { progress }))
          .then((media) => patch(key, { media, progress: 1 }))
          .catch((err: Error) => patch(key, { error: `Upload failed: ${err.message}` }));
      }
    },
    [limit, accepted, patch],
  );

  const remove = useCallback((key: string) => {
    setUploads((list) => {
      const gone = list.find((u) => u.key === key);
      if (gone?.preview.startsWith("blob:")) URL.revokeObjectURL(gone.preview);
      return list.filter((u) => u.key !== key);
    });
  }, []);

  /** Adds an attachment that already exists on the server (e.g. an AI-generated image). */
  const addAttachment = useCallback((media: MediaAttachment, aiNote?: Upload["aiNote"]) => {
    setUploads((list) => [...list, { ...fromServer(media), aiNote }]);
  }, []);

  /** Saves changed alt texts; returns the ids to post, in order. */
  const finalize = useCallback(async (): Promise<string[]> => {
    const ready = uploadsRef.current.filter((u) => u.media);
    await Promise.all(
      ready
        .filter((u) => u.description !== u.savedDescription)
        .map((u) =>
          updateMedia(u.media!.id, u.description).then(() =>
            patch(u.key, { savedDescription: u.description }),
          ),
        ),
    );
    return ready.map((u) => u.media!.id);
  }, [patch]);

  const reset = useCallback(() => setUploads([]), []);

  useEffect(
    () => () => {
      for (const u of uploadsRef.current) if (u.preview.startsWith("blob:")) URL.revokeObjectURL(u.preview);
    },
    [],
  );

  const busy = uploads.some((u) => !u.media && !u.error);
  return { uploads, addFiles, remove, patch, addAttachment, finalize, reset, busy, notice };
}
