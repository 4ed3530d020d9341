// A quiet notice while the live connection is down (it reconnects by itself with backoff).
import { useEffect, useState } from "react";
import { useSession } from "../hooks/session.tsx";

export function ConnectionNotice() {
  const { stream } = useSession();
  const [down, setDown] = useState(false);
  useEffect(() => {
    if (!stream) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unlisten = stream.onConnectionChange((connected) => {
      if (timer) clearTimeout(timer);
      // Only a drop that lasts is worth a word; a blip reconnects unnoticed.
      if (connected) setDown(false);
      else timer = setTimeout(() => setDown(true), 3000);
    });
    return () => {
      unlisten();
      if (timer) clearTimeout(timer);
    };
  }, [stream]);
  if (!down) return null;
  return (
    <p className="connection-notice" role="status">
      Live updates are paused: can't reach the server. Reconnecting…
    </p>
  );
}
