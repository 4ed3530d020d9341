// How many notifications arrived live since the person last looked at the notifications page.
import { useEffect, useState } from "react";
import { useSession } from "./session.tsx";

export function useUnreadNotifications(onPage: boolean): number {
  const { stream } = useSession();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (onPage) setCount(0);
  }, [onPage]);
  useEffect(() => {
    if (!stream) return;
    const unsubscribe = stream.subscribe({ stream: "user" });
    const unlisten = stream.listen((event) => {
      if (event.event === "notification" && !onPage) setCount((n) => n + 1);
    });
    return () => {
      unlisten();
      unsubscribe();
    };
  }, [stream, onPage]);
  return count;
}
