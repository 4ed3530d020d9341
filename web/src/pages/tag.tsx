// Posts with a hashtag, live from the hashtag stream.
import { StatusList } from "../components/status-list.tsx";
import { useTimeline } from "../hooks/timeline.ts";

export default function TagPage({ tag }: { tag: string }) {
  const name = decodeURIComponent(tag);
  const list = useTimeline({
    path: `/api/v1/timelines/tag/${encodeURIComponent(name)}`,
    stream: { stream: "hashtag", tag: name.toLowerCase() },
  });
  return (
    <div className="page">
      <h1>#{name}</h1>
      <StatusList list={list} label={`Posts tagged #${name}`} empty={`No posts with #${name} yet.`} />
    </div>
  );
}
