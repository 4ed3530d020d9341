// The Mastodon Relationship entity: the viewer's relation to one account. Atelier has no domain
// blocks, endorsements or private notes, so those are always off/empty.
import type { Relationship } from "../../../social/relationship-lists.ts";

export function serializeRelationship(relationship: Relationship) {
  return {
    id: String(relationship.id),
    following: relationship.following,
    showing_reblogs: relationship.showingReblogs,
    notifying: relationship.notifying,
    languages: null,
    followed_by: relationship.followedBy,
    blocking: relationship.blocking,
    blocked_by: relationship.blockedBy,
    muting: relationship.muting,
    muting_notifications: relationship.mutingNotifications,
    requested: relationship.requested,
    requested_by: relationship.requestedBy,
    domain_blocking: false,
    endorsed: false,
    note: "",
  };
}
