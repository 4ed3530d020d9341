/** What serializers need to turn rows into Mastodon entities: where things are reachable. */
export interface SerializeContext {
  publicUrl: string;
  /** Public URL of a file in the media store. */
  mediaUrl(key: string): string;
}
