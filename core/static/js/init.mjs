// Marks the page as able to run GOV.UK Frontend's JavaScript and starts its components.
// Loaded as a module so the Content Security Policy can forbid inline script.
import { initAll } from "../dist/govuk-frontend.min.js";
import { followProgress } from "./progress.mjs";
import { reviewShortcuts } from "./review.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
document.querySelectorAll("[data-export-progress]").forEach(followProgress);
document.querySelectorAll("[data-review-shortcuts]").forEach(reviewShortcuts);
