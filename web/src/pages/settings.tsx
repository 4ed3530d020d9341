// Profile editing (name, bio, fields, avatar and header images, account options) and the
// default visibility of new posts, saved through PATCH /api/v1/accounts/update_credentials.
import { type FormEvent, useState } from "react";
import { api } from "../api/client.ts";
import type { Account, Visibility } from "../api/types.ts";
import { AiUsageSection } from "../components/ai/usage-section.tsx";
import { FormError } from "../components/form-error.tsx";
import { useSession } from "../hooks/session.tsx";
import { toast } from "../hooks/toasts.tsx";

const MAX_FIELDS = 4;

function ImagePicker({
  label,
  current,
  onPick,
}: {
  label: string;
  current: string;
  onPick: (file: File | null) => void;
}) {
  const [preview, setPreview] = useState(current);
  return (
    <label className="image-picker">
      <span>{label}</span>
      <img src={preview} alt="" />
      <input
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif"
        onChange={(event) => {
          const file = event.target.files?.[0] ?? null;
          onPick(file);
          if (file) setPreview(URL.createObjectURL(file));
        }}
      />
    </label>
  );
}

export default function SettingsPage() {
  const { me, setMe, signOut } = useSession();
  const source = me?.source;
  const [displayName, setDisplayName] = useState(me?.display_name ?? "");
  const [note, setNote] = useState(source?.note ?? "");
  const [fields, setFields] = useState(() => {
    const list = (source?.fields ?? me?.fields ?? []).map((f) => ({ name: f.name, value: f.value }));
    while (list.length < MAX_FIELDS) list.push({ name: "", value: "" });
    return list;
  });
  const [locked, setLocked] = useState(me?.locked ?? false);
  const [bot, setBot] = useState(me?.bot ?? false);
  const [allowRemix, setAllowRemix] = useState(me?.allow_remix ?? true);
  const [privacy, setPrivacy] = useState<Visibility>(source?.privacy ?? "public");
  const [avatar, setAvatar] = useState<File | null>(null);
  const [header, setHeader] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!me) return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append("display_name", displayName);
    form.append("note", note);
    form.append("locked", String(locked));
    form.append("bot", String(bot));
    form.append("allow_remix", String(allowRemix));
    form.append("source[privacy]", privacy);
    fields
      .filter((f) => f.name.trim() || f.value.trim())
      .forEach((f, i) => {
        form.append(`fields_attributes[${i}][name]`, f.name);
        form.append(`fields_attributes[${i}][value]`, f.value);
      });
    if (avatar) form.append("avatar", avatar);
    if (header) form.append("header", header);
    try {
      const account = await api<Account>("/api/v1/accounts/update_credentials", {
        method: "PATCH",
        body: form,
      });
      setMe(account);
      toast("Profile saved");
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <h1>Settings</h1>
      <form className="stack" onSubmit={save}>
        <h2>Profile</h2>
        <div className="image-pickers">
          <ImagePicker label="Avatar" current={me.avatar} onPick={setAvatar} />
          <ImagePicker label="Header image" current={me.header} onPick={setHeader} />
        </div>
        <label>
          Display name
          <input value={displayName} maxLength={30} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          Bio
          <textarea rows={4} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </label>
        <fieldset className="fields-editor">
          <legend>Profile fields (links, pronouns, anything)</legend>
          {fields.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed number of rows edited in place
            <div className="field-row" key={i}>
              <input
                aria-label={`Field ${i + 1} label`}
                placeholder="Label"
                value={f.name}
                onChange={(e) =>
                  setFields(fields.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                }
              />
              <input
                aria-label={`Field ${i + 1} content`}
                placeholder="Content"
                value={f.value}
                onChange={(e) =>
                  setFields(fields.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))
                }
              />
            </div>
          ))}
        </fieldset>
        <h2>Account</h2>
        <label className="checkbox">
          <input type="checkbox" checked={locked} onChange={(e) => setLocked(e.target.checked)} />
          Approve new followers by hand
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={bot} onChange={(e) => setBot(e.target.checked)} />
          This is an automated account (bot)
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={allowRemix} onChange={(e) => setAllowRemix(e.target.checked)} />
          Let others remix the images I make with AI
        </label>
        <label>
          New posts are visible to
          <select value={privacy} onChange={(e) => setPrivacy(e.target.value as Visibility)}>
            <option value="public">Everyone</option>
            <option value="unlisted">Everyone, but quietly (not in Explore)</option>
            <option value="private">Followers only</option>
          </select>
        </label>
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save changes"}
        </button>
      </form>
      <AiUsageSection />
      <h2>Session</h2>
      <p>
        <button type="button" onClick={() => signOut()}>
          Sign out of Atelier
        </button>
      </p>
    </div>
  );
}
