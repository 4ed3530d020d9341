// Provenance of generated images: an XMP packet with IPTC's DigitalSourceType
// "trainedAlgorithmicMedia" (the vocabulary C2PA and news agencies use for AI images), the model as
// the AI system used, and the prompt — embedded in the stored file by sharp's withXmp.

export const TRAINED_ALGORITHMIC_MEDIA =
  "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[ch]!,
  );

export interface ProvenanceFacts {
  /** `provider:model`. */
  model: string;
  prompt: string;
  createdAt: Date;
}

/** C0 controls other than tab, newline and carriage return. */
const isXmlForbidden = (code: number) => code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;

export function provenanceXmp({ model, prompt, createdAt }: ProvenanceFacts): string {
  // XML 1.0 forbids most control characters even escaped; a prompt may carry them.
  const clean = (text: string) =>
    escapeXml([...text].map((ch) => (isXmlForbidden(ch.charCodeAt(0)) ? " " : ch)).join(""));
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ` Iptc4xmpExt:DigitalSourceType="${TRAINED_ALGORITHMIC_MEDIA}"`,
    ` Iptc4xmpExt:AISystemUsed="${clean(model)}"`,
    ` Iptc4xmpExt:AIPromptInformation="${clean(prompt)}"`,
    ` xmp:CreatorTool="Atelier (${clean(model)})"`,
    ` xmp:CreateDate="${createdAt.toISOString()}"/>`,
    "</rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="w"?>',
  ].join("\n");
}
