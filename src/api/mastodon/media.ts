// Uploads: POST /api/v2/media (and the older v1), GET and PUT /api/v1/media/:id.
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { createMediaAttachment, getMediaAttachment, updateMediaAttachment } from "../../media/service.ts";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { p, parseBody, pathId, validate } from "../params.ts";
import { serializeMediaAttachment } from "./serializers/media-attachment.ts";

const uploadFields = z.object({
  description: p.string(1500).optional(),
  focus: p.string(40).optional(),
});

/** Reads the `file` part of a multipart upload, refusing anything over the byte limit early. */
async function readUpload(c: Context, maxBytes: number) {
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > maxBytes + 64 * 1024) {
    throw new ApiError(
      422,
      `The file is ${(declared / 1048576).toFixed(1)} MB; the limit is ${(maxBytes / 1048576).toFixed(1)} MB`,
    );
  }
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new ApiError(422, "Validation failed: file must be sent as multipart/form-data");
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ApiError(400, "The request body could not be parsed as form data");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new ApiError(422, "Validation failed: File can't be blank");
  const fields = validate(
    uploadFields,
    Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")),
  );
  return { data: Buffer.from(await file.arrayBuffer()), ...fields };
}

export function mediaRoutes(deps: ApiDeps) {
  const { db } = deps.social;
  const limits = deps.config.media;
  const upload = async (c: Context) => {
    const auth = requireUser(c, "write:media");
    const { data, description, focus } = await readUpload(c, limits.maxBytes);
    const media = await createMediaAttachment(
      { db, storage: deps.storage, limits },
      { accountId: auth.accountId, data, description, focus },
    );
    return c.json(serializeMediaAttachment(media, deps.serialize));
  };
  const own = async (c: Context, id: bigint) => {
    const auth = requireUser(c, "write:media");
    const media = await getMediaAttachment(db, id);
    if (!media || media.accountId !== auth.accountId) throw new ApiError(404, "Record not found");
    return { auth, media };
  };
  return new Hono()
    .post("/api/v2/media", upload)
    .post("/api/v1/media", upload)
    .get("/api/v1/media/:id", async (c) => {
      const { media } = await own(c, pathId(c));
      return c.json(serializeMediaAttachment(media, deps.serialize));
    })
    .put("/api/v1/media/:id", async (c) => {
      const { auth } = await own(c, pathId(c));
      const body = await parseBody(c, uploadFields);
      const media = await updateMediaAttachment(db, pathId(c), auth.accountId, body);
      return c.json(serializeMediaAttachment(media!, deps.serialize));
    });
}
