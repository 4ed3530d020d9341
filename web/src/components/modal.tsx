// A dialog on the native <dialog> element: focus moves in and is trapped by the browser, Escape
// closes it, and focus returns to whatever opened it.
import { type ReactNode, useEffect, useRef } from "react";
import { Icon } from "./icons.tsx";

export function Modal({
  title,
  onClose,
  children,
  className,
  hideTitle,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  hideTitle?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const autofocus = dialog.querySelector<HTMLElement>(
      "[autofocus], textarea, input, button:not(.modal-close)",
    );
    autofocus?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ""}`}
      aria-labelledby="modal-title"
      onClick={(event) => {
        if (event.target === ref.current) close.current();
      }}
      onKeyDown={() => undefined}
    >
      <div className="modal-header">
        <h2 id="modal-title" className={hideTitle ? "visually-hidden" : undefined}>
          {title}
        </h2>
        <button type="button" className="icon-button modal-close" onClick={onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </div>
      {children}
    </dialog>
  );
}
