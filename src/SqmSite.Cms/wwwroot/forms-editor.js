// Shows the settings that apply to each field's type; every setting is still posted and checked on the server.
(function () {
    function sync(select) {
        var body = select.closest(".bo-form-field-body");
        body.querySelectorAll("[data-types]").forEach(function (row) {
            row.hidden = row.getAttribute("data-types").split(" ").indexOf(select.value) < 0;
        });
    }
    document.querySelectorAll("select[data-field-type]").forEach(function (s) {
        s.addEventListener("change", function () { sync(s); });
        sync(s);
    });
    var errors = document.getElementById("bo-errors");
    if (errors) errors.focus();
})();
    
