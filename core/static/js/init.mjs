// Marks the page as able to run GOV.UK Frontend's JavaScript and starts its components, with
// their words in the page's language (written into the page by base.html as JSON).
// Loaded as a module so the Content Security Policy can forbid inline script.
import { initAll } from "../dist/govuk-frontend.min.js";
import { followProgress } from "./progress.mjs";
import { reviewShortcuts } from "./review.mjs";

const words = document.getElementById("app-frontend-words");
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll(words ? JSON.parse(words.textContent) : {});
document.querySelectorAll("[data-export-progress]").forEach(followProgress);
document.querySelectorAll("[data-review-shortcuts]").forEach(reviewShortcuts);
