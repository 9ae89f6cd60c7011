// A search box above a long list of choices (progressive enhancement: without JavaScript the whole list
// shows and works). Marked in the HTML with data-choice-filter="<the search box's label>" on:
//   - a <select>: options that do not match are hidden (the chosen one stays);
//   - a checkbox <input> of a list (Django puts the widget's attributes on each box): the list's fieldset;
//   - a <fieldset> of grouped checkboxes: boxes that do not match are hidden (ticked ones stay), and a
//     group with nothing left to show is hidden with its heading.
// A polite live region says how many choices are shown.
(function () {
  "use strict";

  var counter = 0;

  function normalise(text) {
    return (text || "").toLocaleLowerCase("sv").replace(/\s+/g, " ").trim();
  }

  function containerOf(element) {
    if (element.tagName === "INPUT") {
      return element.closest("fieldset");
    }
    return element;
  }

  function itemsOf(container) {
    if (container.tagName === "SELECT") {
      return Array.prototype.slice.call(container.options)
        .filter(function (option) { return option.value !== ""; })
        .map(function (option) { return { node: option, text: option.text, keep: function () { return option.selected; } }; });
    }
    var boxes = container.querySelectorAll("input[type=checkbox]");
    return Array.prototype.map.call(boxes, function (box) {
      var node = box.closest(".form-check") || box.parentElement.closest("div") || box.parentElement;
      return { node: node, text: node.textContent, keep: function () { return box.checked; } };
    });
  }

  function hideEmptyGroups(container) {
    var groups = container.querySelectorAll("fieldset, optgroup");
    Array.prototype.forEach.call(groups, function (group) {
      var items = group.tagName === "OPTGROUP" ? group.querySelectorAll("option") : group.querySelectorAll("input[type=checkbox]");
      var shown = Array.prototype.some.call(items, function (item) {
        var node = item.tagName === "OPTION" ? item : (item.closest(".form-check") || item.parentElement);
        return !node.hidden;
      });
      group.hidden = !shown;
    });
  }

  function enhance(container, label) {
    if (container.dataset.choiceFilterReady) {
      return;
    }
    container.dataset.choiceFilterReady = "1";
    var items = itemsOf(container);
    if (items.length < 8) {
      return; // a short list is easier to read whole
    }
    counter += 1;
    var id = "choice-filter-" + counter;
    var wrapper = document.createElement("div");
    wrapper.className = "choice-filter mb-2";
    var labelNode = document.createElement("label");
    labelNode.className = "form-label small mb-0";
    labelNode.htmlFor = id;
    labelNode.textContent = label;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(labelNode);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    if (container.tagName === "FIELDSET") {
      var legend = container.querySelector("legend");
      var after = legend;
      while (after && after.nextElementSibling && after.nextElementSibling.classList.contains("form-text")) {
        after = after.nextElementSibling;
      }
      (after || container.firstChild).after(wrapper);
    } else {
      container.before(wrapper);
    }
    input.addEventListener("input", function () {
      var query = normalise(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var match = !query || normalise(item.text).indexOf(query) !== -1 || item.keep();
        item.node.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      hideEmptyGroups(container);
      status.textContent = query ? shown + " av " + items.length + " visas" : "";
    });
  }

  document.querySelectorAll("[data-choice-filter]").forEach(function (element) {
    var container = containerOf(element);
    if (container) {
      enhance(container, element.dataset.choiceFilter);
    }
  });
})();
