// A one-line progress bar for long CLI work (seeding, reindexing). On a terminal it redraws in
// place; otherwise (CI logs) it prints a line at each tenth so logs stay short.
export interface Progress {
  tick(done: number): void;
  done(message?: string): void;
}

export function progressBar(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = Date.now();
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastDraw = 0;
  const render = (done: number) => {
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? Math.round(done / elapsed) : 0;
    return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} (${Math.round(fraction * 100)}%, ${rate}/s)`;
  };
  return {
    tick(done) {
      if (tty) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        stream.write(`\r\x1b[2K${render(done)}`);
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${render(done)}\n`);
      }
    },
    done(message) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? "\r\x1b[2K" : ""}${label}: ${message ?? `${total} done`} in ${seconds} s\n`);
    },
  };
}
