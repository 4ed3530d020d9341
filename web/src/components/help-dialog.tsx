import { Modal } from "./modal.tsx";

const SHORTCUTS = [
  ["j", "Next post"],
  ["k", "Previous post"],
  ["Enter", "Open the focused post"],
  ["n", "Write a new post"],
  ["Ctrl + Enter", "Send the post you are writing"],
  ["Esc", "Close a dialog or menu"],
  ["?", "Show this help"],
] as const;

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
