import { StatusList } from "../components/status-list.tsx";
import { useTimeline } from "../hooks/timeline.ts";

export default function BookmarksPage() {
  const list = useTimeline({ path: "/api/v1/bookmarks" });
  return (
    <div className="page">
      <h1>Bookmarks</h1>
      <StatusList list={list} label="Bookmarked posts" empty="Posts you bookmark show up here." />
    </div>
  );
}
