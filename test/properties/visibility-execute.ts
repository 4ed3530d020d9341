// Runs the visibility property's commands against the real server and the model, and fails when
// the server's answer is not the one the model predicts (a reply to, or reblog of, a status the
// actor may not see must be a 404, …).
import { expect } from "vitest";
import type { Command, StatusRef } from "./visibility-commands.ts";
import type { Model, ModelStatus } from "./visibility-model.ts";

export interface HttpResult {
  status: number;
  body: unknown;
}

export async function call(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: Record<string, unknown>,
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers["Content-Type"] = "application/json";
  const res = await fetch(`${url}${path}`, { method, headers, body: body ? JSON.stringify(body) : null });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed };
}

/** One property run: four fresh users on the shared server, and what they posted. */
export interface Sequence {
  n: number;
  users: number[];
  statuses: string[];
  /** Every status of the sequence carries this word (search) and this hashtag (tag timeline). */
  word: string;
  tag: string;
  /** Commands as run, with the server's answers: the story printed when a check fails. */
  log: string[];
}

export interface World {
  url: string;
  adminToken: string;
  model: Model;
}

let counter = 0;

/** The text of a new status or edit: the sequence's word and tag, a unique word, and the mentions. */
function statusText(world: World, seq: Sequence, mentioned: number[]): string {
  const names = mentioned.map((i) => `@${world.model.users[seq.users[i]!]!.username}`);
  return `${seq.word} #${seq.tag} w${counter++}x ${names.join(" ")}`.trim();
}

function resolve(world: World, seq: Sequence, by: number, r: StatusRef | null): ModelStatus | null {
  if (!r) return null;
  const all = seq.statuses.map((id) => world.model.statuses.get(id)!);
  const pool = r.own ? all.filter((s) => s.author === by) : all;
  return pool.length ? pool[r.n % pool.length]! : null;
}

/** Mentions the server records: each named account but the author, unless suspended. */
function resolveMentions(world: World, seq: Sequence, by: number, mentioned: number[]): Set<number> {
  const ids = mentioned.map((i) => seq.users[i]!);
  return new Set(ids.filter((id) => id !== by && !world.model.users[id]!.suspended));
}

/** Runs one command on the server, checks its status against the model's prediction, updates the model. */
export async function execute(world: World, seq: Sequence, command: Command): Promise<void> {
  const { model } = world;
  const actor = "by" in command ? seq.users[command.by]! : null;
  const target = "target" in command ? seq.users[command.target]! : null;
  const actorUser = actor === null ? null : model.users[actor]!;
  const token = actorUser ? actorUser.token : world.adminToken;
  const targetUser = target === null ? null : model.users[target]!;
  const step = async (method: string, path: string, expected: number, body?: Record<string, unknown>) => {
    const result = await call(world.url, token, method, path, body);
    seq.log.push(`${JSON.stringify(command)} → ${method} ${path} ${result.status}`);
    expect(result.status, `${JSON.stringify(command)}: ${JSON.stringify(result.body)}`).toBe(expected);
    return result.body as Record<string, unknown>;
  };

  if (actorUser?.revoked) {
    // A suspended user's tokens are revoked: every call is refused, nothing changes.
    const path = `/api/v1/accounts/${targetUser?.id ?? actorUser.id}/unmute`;
    await step("POST", path, 401);
    return;
  }

  switch (command.op) {
    case "post": {
      const by = actor!;
      const parent = resolve(world, seq, by, command.reply);
      const ok = !parent || (model.mayView(by, parent) && parent.reblogOf === null);
      const body = await step("POST", "/api/v1/statuses", ok ? 200 : 404, {
        status: statusText(world, seq, command.mention),
        visibility: command.visibility,
        ...(parent ? { in_reply_to_id: parent.id } : {}),
      });
      if (!ok) return;
      const id = String(body.id);
      model.statuses.set(id, {
        id,
        author: by,
        visibility: command.visibility,
        mentions: resolveMentions(world, seq, by, command.mention),
        replyTo: parent?.id ?? null,
        replyToAuthor: parent?.author ?? null,
        reblogOf: null,
        deleted: false,
        seenBy: new Set(),
        sequence: seq.n,
      });
      seq.statuses.push(id);
      return;
    }
    case "edit": {
      const s = resolve(world, seq, actor!, command.status);
      if (!s) return;
      const expected = !model.mayView(actor, s) ? 404 : s.author !== actor ? 403 : s.reblogOf ? 422 : 200;
      await step("PUT", `/api/v1/statuses/${s.id}`, expected, {
        status: statusText(world, seq, command.mention),
      });
      if (expected === 200) s.mentions = resolveMentions(world, seq, actor!, command.mention);
      return;
    }
    case "reblog": {
      const s = resolve(world, seq, actor!, command.status);
      if (!s) return;
      const original = s.reblogOf ? model.statuses.get(s.reblogOf)! : s;
      const ownPrivate = original.visibility === "private" && original.author === actor;
      const forbidden =
        original.visibility === "direct" || (original.visibility === "private" && !ownPrivate);
      const expected = !model.mayView(actor, s) ? 404 : forbidden ? 403 : 200;
      const body = await step("POST", `/api/v1/statuses/${s.id}/reblog`, expected, {
        visibility: command.visibility,
      });
      if (expected !== 200) return;
      const id = String(body.id);
      const existing = model.statuses.get(id);
      expect((body.reblog as { id?: string } | null)?.id, "a reblog carries its original").toBe(original.id);
      if (existing) return; // reblogging twice returns the first reblog
      const visibility = ownPrivate ? "private" : command.visibility;
      expect(body.visibility, "the reblog's visibility").toBe(visibility);
      model.statuses.set(id, {
        id,
        author: actor!,
        visibility,
        mentions: new Set(),
        replyTo: null,
        replyToAuthor: null,
        reblogOf: original.id,
        deleted: false,
        seenBy: new Set(),
        sequence: seq.n,
      });
      seq.statuses.push(id);
      return;
    }
    case "unreblog": {
      const s = resolve(world, seq, actor!, command.status);
      if (!s) return;
      const ok = model.mayView(actor, s);
      await step("POST", `/api/v1/statuses/${s.id}/unreblog`, ok ? 200 : 404);
      if (!ok) return;
      const originalId = s.reblogOf ?? s.id;
      for (const r of model.statuses.values())
        if (r.reblogOf === originalId && r.author === actor) r.deleted = true;
      return;
    }
    case "delete": {
      const s = resolve(world, seq, actor!, command.status);
      if (!s) return;
      const expected = !model.mayView(actor, s) ? 404 : s.author !== actor ? 403 : 200;
      await step("DELETE", `/api/v1/statuses/${s.id}`, expected);
      if (expected !== 200) return;
      s.deleted = true;
      for (const r of model.statuses.values()) if (r.reblogOf === s.id) r.deleted = true;
      return;
    }
    case "favourite":
    case "bookmark": {
      const s = resolve(world, seq, actor!, command.status);
      if (!s) return;
      const ok = model.mayView(actor, s);
      await step("POST", `/api/v1/statuses/${s.id}/${command.op}`, ok ? 200 : 404);
      if (ok)
        (command.op === "favourite" ? model.favourites : model.bookmarks).add(
          `${actor}>${s.reblogOf ?? s.id}`,
        );
      return;
    }
    case "lock": {
      await step("PATCH", "/api/v1/accounts/update_credentials", 200, { locked: command.locked });
      actorUser!.locked = command.locked;
      if (!command.locked) model.approveAll(actor!);
      return;
    }
    case "suspend": {
      await step("POST", `/api/v1/admin/accounts/${targetUser!.id}/action`, 200, { type: "suspend" });
      targetUser!.suspended = true;
      targetUser!.revoked = true;
      return;
    }
    case "unsuspend": {
      const ok = targetUser!.suspended;
      await step("POST", `/api/v1/admin/accounts/${targetUser!.id}/unsuspend`, ok ? 200 : 403);
      if (ok) targetUser!.suspended = false;
      return;
    }
    default:
      return relationship(world, command, actor!, target!, step);
  }
}

type Step = (
  method: string,
  path: string,
  expected: number,
  body?: Record<string, unknown>,
) => Promise<unknown>;

async function relationship(
  world: World,
  command: Extract<Command, { target: number; by: number }>,
  actor: number,
  target: number,
  step: Step,
): Promise<void> {
  const { model } = world;
  if (command.op === "authorize" || command.op === "reject") {
    // Answer a pending request when there is one (the target then only picks which); else the 404 path.
    const pending = model.users.filter((u) => model.hasRequested(u.index, actor)).map((u) => u.index);
    const requester = pending.length ? pending[command.target % pending.length]! : target;
    const ok = pending.length > 0;
    const id = model.users[requester]!.id;
    await step("POST", `/api/v1/follow_requests/${id}/${command.op}`, ok ? 200 : 404);
    if (!ok) return;
    model.setRelation(model.requests, requester, actor, false);
    if (command.op === "authorize") model.setRelation(model.follows, requester, actor, true);
    return;
  }
  const targetUser = model.users[target]!;
  const path = `/api/v1/accounts/${targetUser.id}/${command.op}`;
  // Relationship endpoints look the target up first: a suspended account is not found.
  if (targetUser.suspended) {
    await step("POST", path, 404);
    return;
  }
  switch (command.op) {
    case "follow": {
      const blocked = model.isBlocking(actor, target) || model.isBlocking(target, actor);
      await step("POST", path, blocked ? 403 : 200, { notify: command.notify });
      if (blocked || model.isFollowing(actor, target)) return;
      if (targetUser.locked) model.setRelation(model.requests, actor, target, true);
      else {
        model.setRelation(model.requests, actor, target, false);
        model.setRelation(model.follows, actor, target, true);
      }
      return;
    }
    case "unfollow":
      await step("POST", path, 200);
      model.setRelation(model.follows, actor, target, false);
      model.setRelation(model.requests, actor, target, false);
      return;
    case "block":
      await step("POST", path, 200);
      model.block(actor, target);
      return;
    case "unblock":
      await step("POST", path, 200);
      model.setRelation(model.blocks, actor, target, false);
      return;
    case "mute":
    case "unmute":
      await step("POST", path, 200);
      model.setRelation(model.mutes, actor, target, command.op === "mute");
      return;
  }
}
