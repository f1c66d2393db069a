#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its encoding header pulls in ICU's C headers,
   whose UErrorCode clashes with the copy inside Foundation when one Swift module sees
   both. Nothing here uses the ICU-dependent members of xmlCharEncodingHandler (the
   reader API works through opaque pointers), so leave them out of this module. */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
