import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { prefetchFirstLoad } from "./api/prefetch.ts";
import { App } from "./app.tsx";
import { SessionProvider, TOKEN_KEY } from "./hooks/session.tsx";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/posts.css";
import "./styles/media.css";
import "./styles/forms.css";
import "./styles/pages.css";
import "./styles/ai.css";
import "./styles/assistant.css";
import "./styles/responsive.css";

prefetchFirstLoad(localStorage.getItem(TOKEN_KEY), window.location.pathname);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
