// One WebSocket to /api/v1/streaming per session, multiplexing the streams pages ask for
// (Mastodon's subscribe/unsubscribe messages), reconnecting with backoff when it drops.

export interface StreamEvent {
  stream: string[];
  event: string;
  payload: unknown;
}

type Listener = (event: StreamEvent) => void;

interface Subscription {
  stream: string;
  tag?: string;
}

const keyOf = (s: Subscription) => (s.tag ? `${s.stream}:${s.tag}` : s.stream);

export class StreamingConnection {
  private socket: WebSocket | null = null;
  private readonly token: string;
  private readonly subscriptions = new Map<string, { sub: Subscription; count: number }>();
  private readonly listeners = new Set<Listener>();
  private retry = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly statusListeners = new Set<(connected: boolean) => void>();
  /** Whether the socket is open; pages show a notice while live updates are paused. */
  connected = false;

  constructor(token: string) {
    this.token = token;
    this.connect();
  }

  private connect(): void {
    const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/v1/streaming`;
    // Browsers can't set headers on a WebSocket; the token travels as the subprotocol, as in Mastodon.
    const socket = new WebSocket(url, this.token);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      this.setConnected(true);
      for (const { sub } of this.subscriptions.values()) this.sendSubscribe("subscribe", sub);
    };
    socket.onmessage = (message) => {
      let data: { stream?: string[]; event?: string; payload?: string };
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (!data.event) return;
      let payload: unknown = data.payload;
      if (typeof payload === "string" && data.event !== "delete") {
        try {
          payload = JSON.parse(payload);
        } catch {
          // leave as text
        }
      }
      const event = { stream: data.stream ?? [], event: data.event, payload };
      for (const listener of this.listeners) listener(event);
    };
    socket.onclose = () => {
      this.socket = null;
      if (this.closed) return;
      this.setConnected(false);
      const delay = Math.min(30_000, 1000 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of this.statusListeners) listener(connected);
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private sendSubscribe(type: "subscribe" | "unsubscribe", sub: Subscription): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type, ...sub }));
  }

  /** Subscribes (reference-counted) and returns the matching unsubscribe. */
  subscribe(sub: Subscription): () => void {
    const key = keyOf(sub);
    const entry = this.subscriptions.get(key);
    if (entry) entry.count++;
    else {
      this.subscriptions.set(key, { sub, count: 1 });
      this.sendSubscribe("subscribe", sub);
    }
    return () => {
      const current = this.subscriptions.get(key);
      if (!current) return;
      if (--current.count === 0) {
        this.subscriptions.delete(key);
        this.sendSubscribe("unsubscribe", sub);
      }
    };
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
  }
}
