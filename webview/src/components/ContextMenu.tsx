// The graph's context menu: HTML over the canvas, keyboard-friendly (Escape closes; items are buttons).
import { useEffect, useRef } from "react";
import type { WebviewToHost } from "../../../common/protocol";
import type { MenuItem } from "../edit-menu";

export interface ContextMenuProps {
  x: number;
  y: number;
  items: MenuItem[];
  /** Why the items are disabled, when editing is off. */
  disabledReason?: string;
  onPick(message: WebviewToHost): void;
  onClose(): void;
}

export function ContextMenu({ x, y, items, disabledReason, onPick, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>("button:not([disabled])")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("pointerdown", onDown, true);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pointerdown", onDown, true);
    };
  }, [onClose]);
  return (
    <div className="context-menu" role="menu" ref={ref} data-context-menu="" style={{ left: x, top: y }}>
      {disabledReason && <div className="context-menu-note">{disabledReason}</div>}
      {items.length === 0 && <div className="context-menu-note">Nothing to edit here.</div>}
      {items.map((it) => (
        <button
          key={it.id}
          type="button"
          role="menuitem"
          data-menu-item={it.id}
          disabled={!it.message || !!disabledReason}
          onClick={() => {
            if (it.message) onPick(it.message);
            onClose();
          }}
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}
