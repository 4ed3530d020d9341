// Unsent text is kept in localStorage per context (a new post, a reply to X) until it is posted.
import type { Visibility } from "../../api/types.ts";

export interface Draft {
  text: string;
  spoiler: string;
  visibility: Visibility;
}

const key = (context: string) => `atelier.draft:${context}`;

export function loadDraft(context: string): Draft | null {
  try {
    return JSON.parse(localStorage.getItem(key(context)) ?? "null") as Draft | null;
  } catch {
    return null;
  }
}

export function saveDraft(context: string, draft: Draft): void {
  if (!draft.text.trim() && !draft.spoiler.trim()) localStorage.removeItem(key(context));
  else localStorage.setItem(key(context), JSON.stringify(draft));
}

export function clearDraft(context: string): void {
  localStorage.removeItem(key(context));
}
