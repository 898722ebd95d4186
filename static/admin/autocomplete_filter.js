// A list filter's autocomplete (templates/admin/autocomplete_filter.html) applies itself
// as soon as a record is chosen.
'use strict';
window.addEventListener('load', function() {
    django.jQuery('form.autocomplete-filter select').on('change', function() {
        this.form.submit();
    });
});
