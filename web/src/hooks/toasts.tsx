// Short messages for the person ("Link copied", "Couldn't favourite: …"), announced politely to
// screen readers and dismissed after a few seconds.
import { useSyncExternalStore } from "react";

interface Toast {
  id: number;
  text: string;
  kind: "info" | "error";
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export function toast(text: string, kind: Toast["kind"] = "info"): void {
  const id = nextId++;
  toasts = [...toasts.slice(-2), { id, text, kind }];
  emit();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    emit();
  }, 5000);
}

export function Toasts() {
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <p key={t.id} className={`toast toast-${t.kind}`}>
          {t.text}
        </p>
      ))}
    </div>
  );
}
